import { z } from 'zod';
import { trialStatuses } from '../../status';
import { categoricalValueSchema } from '../../search-spec/space';
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

export const trialDetailSchema = trialSchema.extend({ curve: z.array(metricPointSchema) }).meta({ id: 'TrialDetail' });

export const trialListQuerySchema = z.strictObject({
  status: trialStatusSchema.optional(),
  sort: z.enum(['ordinal', 'objective']).default('ordinal'),
  order: z.enum(['asc', 'desc']).optional().meta({ description: 'default: ascending ordinal, or best objective first' }),
  limit: limitSchema,
  cursor: cursorSchema,
});

export const trialPageSchema = z.object({ items: z.array(trialSchema), nextCursor: z.string().nullable() }).meta({ id: 'TrialPage' });
