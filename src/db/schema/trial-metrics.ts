import { doublePrecision, integer, jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { trials } from './trials';

/** One row per reported step; the primary key makes a retried write a no-op. */
export const trialMetrics = pgTable(
  'trial_metrics',
  {
    trialId: uuid('trial_id').notNull().references(() => trials.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    /** Fractional, as the HuggingFace Trainer logs it (1.5 = half-way through the second epoch). */
    epoch: doublePrecision('epoch'),
    values: jsonb('values').$type<Record<string, number>>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.step] })],
);

export type TrialMetricRow = typeof trialMetrics.$inferSelect;
