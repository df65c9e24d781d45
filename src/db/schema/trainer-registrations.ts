import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The trainers each running worker offers, as descriptors (never commands): a worker writes its rows at
 * start and refreshes `last_seen_at` while it runs; a clean stop deletes them. `instance` is random per
 * worker process, so two hosts with the same name and pid never share rows.
 */
export const trainerRegistrations = pgTable(
  'trainer_registrations',
  {
    instance: text('instance').notNull(),
    /** The worker's name as its logs and trials show it (host:pid). */
    worker: text('worker').notNull(),
    trainer: text('trainer').notNull(),
    /** The trainer's descriptor, with the task queue the worker polls for it. */
    descriptor: jsonb('descriptor').$type<unknown>().notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.instance, t.trainer] }), index('trainer_registrations_last_seen_idx').on(t.lastSeenAt)],
);

export type TrainerRegistrationRow = typeof trainerRegistrations.$inferSelect;
