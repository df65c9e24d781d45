import { z } from 'zod';
import { trialStatuses } from '../../status';
import { categoricalValueSchema } from '../../search-spec/space';
import { notesSchema, tagFilterSchema, tagsSchema } from './annotations';
import { cursorSchema, limitSchema, timestampSchema } from './common';

export const trialStatusSchema = z.enum(trialStatuses);

export const trialSchema = z
  .object({
    id: z.uuid(),
    searchId: z.uuid(),
    ordinal: z.number().int(),
    status: trialStatusSchema,
    params: z.record(z.string(), categoricalValueSchema.nullable()).meta({
      description: 'the trial parameters; null stands for a number JSON cannot hold (NaN or infinite, stored by versions that did not bound the space)',
    }),
    objective: z.number().nullable(),
    metrics: z.record(z.string(), z.number().nullable()).nullable(),
    trainKey: z.string().meta({ description: 'hash of the train-stage parameters; trials sharing it share one training run' }),
    trainingReused: z.boolean(),
    attempt: z.number().int(),
    worker: z.string().nullable(),
    error: z.string().nullable(),
    prunedAtStep: z.number().int().nullable().meta({ description: 'the step at which a pruned trial was stopped' }),
    notes: notesSchema.meta({ description: "the users' notes on the trial; empty when none" }),
    tags: tagsSchema,
    createdAt: timestampSchema,
    startedAt: timestampSchema.nullable(),
    finishedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Trial' });

export const metricPointSchema = z.object({
  step: z.number().int(),
  epoch: z.number().nullable().meta({ description: 'fractional, as the HuggingFace Trainer logs it' }),
  values: z.record(z.string(), z.number().nullable()),
  recordedAt: timestampSchema,
});

/** At most this many metrics in `names`. */
const MAX_METRIC_NAMES = 64;

export const trialQuerySchema = z.strictObject({
  names: z
    .string()
    .max(MAX_METRIC_NAMES * 201)
    .regex(/^[^,\s]{1,200}(,[^,\s]{1,200})*$/, 'must be metric names separated by commas, each 1 to 200 characters without spaces')
    .transform((names) => [...new Set(names.split(','))])
    .pipe(z.array(z.string()).max(MAX_METRIC_NAMES, `at most ${MAX_METRIC_NAMES} metric names`))
    .optional()
    .meta({ description: 'only these metrics (comma-separated), at the steps that report one of them; e.g. loss,eval_accuracy' }),
});

export const trialLogQuerySchema = z.strictObject({
  attempt: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .meta({ description: "one attempt's output (the trial's `attempt` counts them from 1); default: every attempt's, each under a heading" }),
});

export const trialLogSchema = z.string().meta({
  description: "the trial's output as its trainer printed it (stderr and the stdout lines that are not protocol messages); of a long output the head and the tail, with a line saying how much was left out between them",
});

export const trialDetailSchema = trialSchema.extend({ curve: z.array(metricPointSchema) }).meta({ id: 'TrialDetail' });

export const trialListQuerySchema = z.strictObject({
  status: trialStatusSchema.optional(),
  tag: tagFilterSchema,
  sort: z.enum(['ordinal', 'objective']).default('ordinal'),
  order: z.enum(['asc', 'desc']).optional().meta({ description: 'default: ascending ordinal, or best objective first' }),
  limit: limitSchema,
  cursor: cursorSchema,
});

export const trialPageSchema = z.object({ items: z.array(trialSchema), nextCursor: z.string().nullable() }).meta({ id: 'TrialPage' });
