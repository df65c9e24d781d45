import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './timestamps';

export const trainingStatuses = ['training', 'succeeded', 'diverged'] as const;
export type TrainingStatus = (typeof trainingStatuses)[number];

/**
 * One training run per train key: a lease while it trains (so two workers never train the same key at
 * once), then its outcome, which every trial with the same train-stage parameters reuses.
 */
export const trainings = pgTable(
  'trainings',
  {
    trainKey: text('train_key').primaryKey(),
    status: text('status').$type<TrainingStatus>().notNull(),
    /** Trial that holds (or held) the lease. */
    holder: text('holder').notNull(),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    modelUri: text('model_uri').notNull(),
    metrics: jsonb('metrics').$type<Record<string, number>>(),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('trainings_status_idx').on(t.status)],
);

export type TrainingRow = typeof trainings.$inferSelect;
