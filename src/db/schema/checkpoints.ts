import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './timestamps';

/** Finished training runs, keyed by the hash of the train-stage parameters: what train-once-evaluate-many reuses. */
export const checkpoints = pgTable(
  'checkpoints',
  {
    trainKey: text('train_key').notNull(),
    epoch: integer('epoch').notNull(),
    uri: text('uri').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.trainKey, t.epoch] })],
);

export type CheckpointRow = typeof checkpoints.$inferSelect;
