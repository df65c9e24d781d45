import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Params } from '../../search-spec/space';
import { searches } from './searches';
import type { Tags } from './annotations';
import { createdAt, optionalTimestamp, updatedAt } from './timestamps';

import type { TrialStatus } from '../../status';

export const trials = pgTable(
  'trials',
  {
    id: uuid('id').primaryKey(),
    searchId: uuid('search_id').notNull().references(() => searches.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    params: jsonb('params').$type<Params>().notNull(),
    trainKey: text('train_key').notNull(),
    trainingReused: boolean('training_reused').notNull().default(false),
    status: text('status').$type<TrialStatus>().notNull().default('queued'),
    objective: doublePrecision('objective'),
    metrics: jsonb('metrics').$type<Record<string, number>>(),
    /** How many evaluations `metrics` averages (evaluation.repeats, confirm). */
    evaluations: integer('evaluations').notNull().default(1),
    /** From two evaluations on: the standard error of each metric's mean. */
    metricStdErrors: jsonb('metric_std_errors').$type<Record<string, number>>(),
    /** From two evaluations on: the end of the objective's 95% interval its goal fears; the best trial is the best of these when any is set. */
    objectiveBound: doublePrecision('objective_bound'),
    /** A trial `confirm` re-evaluated: its result as the search measured it, which the confirmation's evaluations replaced. */
    beforeConfirmation: jsonb('before_confirmation').$type<EvaluatedResult>(),
    attempt: integer('attempt').notNull().default(0),
    /** The Temporal activity attempt that `attempt` last counted: a repeated start of the same one counts once. */
    attemptKey: text('attempt_key'),
    worker: text('worker'),
    error: text('error'),
    /** The step at which a pruned trial was stopped. */
    prunedAtStep: integer('pruned_at_step'),
    notes: text('notes').notNull().default(''),
    tags: jsonb('tags').$type<Tags>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: optionalTimestamp('started_at'),
    finishedAt: optionalTimestamp('finished_at'),
  },
  (t) => [
    uniqueIndex('trials_search_ordinal_uq').on(t.searchId, t.ordinal),
    index('trials_search_status_objective_idx').on(t.searchId, t.status, t.objective),
    /** Pages sorted by objective, either way: a keyset seek, then an index scan (backwards for best-first maximize). */
    index('trials_search_objective_idx').on(t.searchId, t.objective, t.ordinal),
    /** The optimisation history (queries/history.ts): index-only scans of a search's trials in ordinal order. */
    index('trials_search_history_idx').on(t.searchId, t.ordinal, t.status, t.objective),
    index('trials_search_bound_idx').on(t.searchId, t.objectiveBound, t.ordinal).where(sql`${t.objectiveBound} IS NOT NULL`),
    index('trials_search_confirmed_idx').on(t.searchId, t.objectiveBound, t.ordinal).where(sql`${t.beforeConfirmation} IS NOT NULL`),
    index('trials_tags_idx').using('gin', t.tags),
    index('trials_train_key_idx').on(t.trainKey),
  ],
);

export type TrialRow = typeof trials.$inferSelect;

/** A succeeded trial's measured result: the means of its evaluations and what they say of their spread. */
export interface EvaluatedResult {
  objective: number;
  metrics: Record<string, number>;
  evaluations: number;
  metricStdErrors: Record<string, number> | null;
  objectiveBound: number | null;
}
