import { z } from 'zod';
import { specBounds } from '../../search-spec/bounds';
import { searchOutcomeReasons, searchStatuses } from '../../status';
import { constraintSchema, objectiveSchema } from '../../search-spec/search-spec';
import { paretoListLimit } from '../../searches/pareto';
import { categoricalValueSchema, stageSchema } from '../../search-spec/space';
import { notesSchema, tagFilterSchema, tagsSchema } from './annotations';
import { cursorSchema, limitSchema, timestampSchema } from './common';
import { trialSchema } from './trials';

export const searchStatusSchema = z.enum(searchStatuses);

export const progressSchema = z.object({
  maxTrials: z.number().int(),
  finished: z.number().int(),
  percent: z.number(),
  queued: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  diverged: z.number().int(),
  infeasible: z.number().int().meta({ description: 'trials whose metrics break a constraint of the spec' }),
  pruned: z.number().int(),
  cancelled: z.number().int(),
});

const numericParameterSchema = z.object({
  name: z.string(),
  stage: stageSchema,
  type: z.enum(['float', 'int']),
  low: z.number(),
  high: z.number(),
  log: z.boolean(),
  steps: z.number().int().optional(),
  values: z.array(z.number()).optional().meta({ description: 'the listed values, ascending' }),
});
const categoricalParameterSchema = z.object({ name: z.string(), stage: stageSchema, type: z.literal('categorical'), values: z.array(categoricalValueSchema) });
export const searchParameterSchema = z.discriminatedUnion('type', [numericParameterSchema, categoricalParameterSchema]).meta({ id: 'SearchParameter' });

export const searchSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: searchStatusSchema,
    algorithm: z.string(),
    trainer: z.string(),
    objective: objectiveSchema.meta({ description: "the objective; a multi-objective search's first one, which trials' objective holds" }),
    objectives: z.array(objectiveSchema).nullable().meta({ description: "a multi-objective search's objectives (its trials are ranked at /pareto); null for a single objective" }),
    constraints: z.array(constraintSchema).nullable().meta({ description: 'the outcome constraints a trial must keep to succeed (one breaking them is infeasible); null when the spec has none' }),
    workflowId: z.string(),
    links: z.object({
      temporalUi: z.url().nullable().meta({ description: "the sweep workflow in the Temporal Web UI; null when the server knows no UI (TEMPORAL_UI_URL)" }),
    }),
    progress: progressSchema,
    parallelism: z.number().int().meta({ description: 'trials run at once: budget.parallelism, or what the last resume set' }),
    best: trialSchema.nullable().meta({ description: "the best succeeded trial by objective (a multi-objective search's first objective); null before one succeeds" }),
    spec: z.record(z.string(), z.unknown()).meta({ description: 'the spec as posted, defaults filled in; its keys in no particular order (parameters and fixed keep the posted order)' }),
    parameters: z.array(searchParameterSchema).meta({ description: "the space's parameters as resolved, in the order the spec lists them (by name for searches created before that order was kept)" }),
    fixed: z.array(z.object({ name: z.string(), value: categoricalValueSchema })).meta({ description: 'the values every trial gets, in the order the spec lists them' }),
    notes: notesSchema.meta({ description: "the users' notes on the search; empty when none" }),
    tags: tagsSchema,
    archived: z.boolean().meta({ description: 'archived searches are left out of the search list unless it asks for them' }),
    error: z.string().nullable(),
    reason: z.enum(searchOutcomeReasons).nullable().meta({
      description: 'why the sweep ended: budget (ran maxTrials), exhausted (a finite space ran out first), failure-budget (more than maxFailedTrials failed), all-trials-failed (no trial succeeded), search-error (the search could not go on: its stored spec no longer resolves or its search algorithm failed; error says how); null while it runs and when cancelled',
    }),
    createdAt: timestampSchema,
    startedAt: timestampSchema.nullable(),
    finishedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Search' });

export const searchListQuerySchema = z.strictObject({
  status: searchStatusSchema.optional(),
  archived: z
    .enum(['false', 'true', 'include'])
    .default('false')
    .transform((archived) => ({ false: 'exclude', true: 'only', include: 'include' } as const)[archived])
    .meta({ description: 'false (default): archived searches are left out; true: only archived ones; include: both' }),
  tag: tagFilterSchema,
  limit: limitSchema,
  cursor: cursorSchema,
});

export const searchPageSchema = z.object({ items: z.array(searchSchema), nextCursor: z.string().nullable() }).meta({ id: 'SearchPage' });

export const resumeBodySchema = z
  .strictObject({
    maxTrials: z.number().int().min(1).max(specBounds.maxTrials).optional().meta({ description: 'a larger budget: extends a finished search' }),
    parallelism: z.number().int().min(1).max(specBounds.parallelism).optional().meta({ description: 'trials the resumed sweep runs at once' }),
  })
  .nullish();

export const resumeResultSchema = z
  .object({
    resumed: z.boolean(),
    reason: z.enum(['running', 'complete']).optional().meta({ description: 'why nothing was resumed: the workflow still runs, or every trial is done' }),
    requeuedTrials: z.array(z.number().int()).meta({ description: 'ordinals of cancelled trials queued again' }),
    finishedTrials: z.number().int(),
    search: searchSchema,
  })
  .meta({ id: 'ResumeResult' });

export const searchEventSchema = z.object({ kind: z.string(), detail: z.record(z.string(), z.unknown()), at: timestampSchema });
export const searchEventListSchema = z.object({ items: z.array(searchEventSchema) }).meta({ id: 'SearchEvents' });

export const deleteQuerySchema = z.strictObject({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((force) => force === 'true')
    .meta({ description: 'delete an open search too: it is cancelled first (its trainers stopped) and deleted once its sweep workflow has closed' }),
});

export const paretoSetSchema = z
  .object({
    objectives: z.array(objectiveSchema).meta({ description: "the objectives the trials are ranked by: a multi-objective search's, or its single one" }),
    trials: z.array(trialSchema).meta({ description: `the succeeded trials no other succeeded trial dominates (no worse in every objective, better in one), best first by the first objective, ties by ordinal; at most ${paretoListLimit}` }),
    size: z.number().int().meta({ description: 'how many trials the front holds (more than listed past the limit)' }),
  })
  .meta({ id: 'ParetoSet' });

export const bestAnswerSchema = z.union([trialSchema, paretoSetSchema]).meta({
  description: "a single-objective search's best trial; a multi-objective search's Pareto set, or the trial its scalarization picks from it",
});
