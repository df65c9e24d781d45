import { z } from 'zod';
import { trialStatuses } from '../../status';
import { categoricalValueSchema } from '../../search-spec/space';
import { notesSchema, tagFilterSchema, tagsSchema } from './annotations';
import type { MetricComparison, MetricFilter, TrialSortKey } from '../../db/index';
import { cursorSchema, limitSchema, timestampSchema } from './common';

export const trialStatusSchema = z.enum(trialStatuses);

export const intervalSchema = z
  .object({
    low: z.number(),
    high: z.number(),
    level: z.number().meta({ description: 'two-sided confidence level: 0.95' }),
  })
  .meta({ id: 'Interval', description: "from two evaluations on: the Student t interval of the objective's mean" });

export const trialSchema = z
  .object({
    id: z.uuid(),
    searchId: z.uuid(),
    ordinal: z.number().int(),
    status: trialStatusSchema,
    params: z.record(z.string(), categoricalValueSchema.nullable()).meta({
      description: 'the trial parameters; null stands for a number JSON cannot hold (NaN or infinite, stored by versions that did not bound the space)',
    }),
    objective: z.number().nullable().meta({ description: 'the objective metric, averaged over the evaluations' }),
    metrics: z.record(z.string(), z.number().nullable()).nullable().meta({ description: 'final metrics: the means over the evaluations where there are several' }),
    evaluations: z.number().int().meta({ description: "how many evaluations the metrics average: evaluation.repeats, or a confirmed trial's confirm.repeats" }),
    stdErrors: z.record(z.string(), z.number().nullable()).nullable().meta({ description: "from two evaluations on: the standard error of each metric's mean" }),
    interval: intervalSchema.nullable(),
    beforeConfirmation: z
      .object({ objective: z.number().nullable(), evaluations: z.number().int(), interval: intervalSchema.nullable() })
      .nullable()
      .meta({ description: "a trial `confirm` re-evaluated: its objective as the search measured it; the confirmation's fresh evaluations replaced it, since the search's ranked the trial among the best and so are biased upwards" }),
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

/** A metric name in a query: letters, digits and `_ . / -`. It reaches SQL only as a bound parameter. */
const METRIC_NAME = '[A-Za-z0-9_./-]{1,200}';
/** At most this many metrics in `names`. */
const MAX_METRIC_NAMES = 64;
/** At most this many clauses in `filter`. */
const MAX_METRIC_FILTERS = 16;
const NUMBER = '-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?';
const FILTER_CLAUSE = `${METRIC_NAME}:(?:gt|gte|lt|lte):${NUMBER}`;

const metricNamesSchema = z
  .string()
  .max(MAX_METRIC_NAMES * 201)
  .regex(new RegExp(`^${METRIC_NAME}(,${METRIC_NAME})*$`), 'must be metric names separated by commas, each 1 to 200 letters, digits or _ . / -')
  .transform((names) => [...new Set(names.split(','))])
  .pipe(z.array(z.string()).max(MAX_METRIC_NAMES, `at most ${MAX_METRIC_NAMES} metric names`));

export const trialQuerySchema = z.strictObject({
  names: metricNamesSchema.optional().meta({ description: 'only these metrics (comma-separated), at the steps that report one of them; e.g. loss,eval_accuracy' }),
});

export const trialMetricsQuerySchema = z.strictObject({
  names: metricNamesSchema.optional().meta({ description: 'only these metrics (comma-separated, at most 64); default: every metric the trial reported' }),
});

export const metricSeriesSchema = z.object({
  name: z.string(),
  points: z.array(
    z.object({
      step: z.number().int(),
      epoch: z.number().nullable(),
      value: z.number().nullable().meta({ description: 'null for a value JSON cannot hold (NaN, infinite): a diverged loss' }),
    }),
  ),
});

export const trialMetricsSchema = z
  .object({
    trialId: z.uuid(),
    names: z.array(z.string()).meta({ description: 'every metric the trial reported on its curve (with the curve of the training it reused), sorted' }),
    series: z.array(metricSeriesSchema).meta({ description: 'the asked-for metrics, in the order asked (default: names), each with its points by step' }),
  })
  .meta({ id: 'TrialMetrics' });

export const trialSortSchema = z
  .string()
  .regex(new RegExp(`^(?:ordinal|objective|metric:${METRIC_NAME})$`), 'must be ordinal, objective or metric:<name> (the name 1 to 200 letters, digits or _ . / -)')
  .transform((sort) => sort as TrialSortKey);

export const metricFiltersSchema = z
  .string()
  .max(MAX_METRIC_FILTERS * 260)
  .regex(new RegExp(`^${FILTER_CLAUSE}(,${FILTER_CLAUSE})*$`), 'must be clauses <metric>:<gt|gte|lt|lte>:<number> separated by commas, e.g. train_loss:lt:0.5')
  .transform((filters, ctx): MetricFilter[] => {
    const clauses = filters.split(',');
    if (clauses.length > MAX_METRIC_FILTERS) {
      ctx.issues.push({ code: 'custom', input: filters, message: `at most ${MAX_METRIC_FILTERS} clauses` });
      return z.NEVER;
    }
    return clauses.map((clause) => {
      const [metric, comparison, value] = clause.split(':') as [string, MetricComparison, string];
      if (!Number.isFinite(Number(value))) ctx.issues.push({ code: 'custom', input: filters, message: `${clause}: ${value} is not a finite number` });
      return { metric, comparison, value: Number(value) };
    });
  });

export const trialLogQuerySchema = z.strictObject({
  attempt: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .meta({ description: "one attempt's output (the trial's `attempt` counts them from 1); default: every attempt's, each under a heading" }),
  tail: z.coerce.number().int().min(1).max(100_000).optional().meta({ description: 'only the last N lines of the output' }),
  download: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .meta({ description: 'true: sent as an attachment (content-disposition), a file named after the trial' }),
});

export const trialLogSchema = z.string().meta({
  description: "the trial's output as its trainer printed it (stderr and the stdout lines that are not protocol messages); of a long output the head and the tail, with a line saying how much was left out between them",
});

export const trialDetailSchema = trialSchema.extend({ curve: z.array(metricPointSchema) }).meta({ id: 'TrialDetail' });

export const trialListQuerySchema = z.strictObject({
  status: trialStatusSchema.optional(),
  tag: tagFilterSchema,
  filter: metricFiltersSchema.optional().meta({
    description: `final metrics to keep trials by: up to ${MAX_METRIC_FILTERS} comma-separated clauses <metric>:<gt|gte|lt|lte>:<number>, all of which must hold (a trial without the metric is left out); e.g. train_loss:lt:0.5,eval_accuracy:gte:0.8`,
  }),
  sort: trialSortSchema.default('ordinal').meta({ description: 'ordinal, objective, or metric:<name> for a final metric (e.g. metric:train_loss); trials without a value come last, ties by ordinal' }),
  order: z.enum(['asc', 'desc']).optional().meta({ description: 'default: best objective first, else ascending' }),
  limit: limitSchema,
  cursor: cursorSchema,
});

export const trialPageSchema = z.object({ items: z.array(trialSchema), nextCursor: z.string().nullable() }).meta({ id: 'TrialPage' });
