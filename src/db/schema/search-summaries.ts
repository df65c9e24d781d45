import { bigint, doublePrecision, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { Goal } from '../../search/types';
import { searches } from './searches';

/**
 * What reads of a search need from its trials, kept by triggers on `trials` and `searches` (migration 0015)
 * in the transaction that changes them: trials per status, the best succeeded trial for the search's goal
 * (ties to the lower ordinal), and `version`, bumped by every change of the search or one of its trials.
 */
export const searchSummaries = pgTable('search_summaries', {
  searchId: uuid('search_id')
    .primaryKey()
    .references(() => searches.id, { onDelete: 'cascade' }),
  goal: text('goal').$type<Goal>().notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
  queued: integer('queued').notNull().default(0),
  running: integer('running').notNull().default(0),
  succeeded: integer('succeeded').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  diverged: integer('diverged').notNull().default(0),
  infeasible: integer('infeasible').notNull().default(0),
  pruned: integer('pruned').notNull().default(0),
  cancelled: integer('cancelled').notNull().default(0),
  bestTrialId: uuid('best_trial_id'),
  bestObjective: doublePrecision('best_objective'),
});

export type SearchSummaryRow = typeof searchSummaries.$inferSelect;
