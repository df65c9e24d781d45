import { bigint, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { trials } from './trials';

/**
 * A trial attempt's output (stderr and the stdout lines that are not protocol messages), in chunks
 * numbered by `seq`. Only the head and the tail of a long output are kept: a gap between one chunk's end
 * and the next one's `byteOffset` is output left out.
 */
export const trialLogs = pgTable(
  'trial_logs',
  {
    trialId: uuid('trial_id').notNull().references(() => trials.id, { onDelete: 'cascade' }),
    /** The trial's attempt (its `attempt` count when the attempt started). */
    attempt: integer('attempt').notNull(),
    seq: integer('seq').notNull(),
    /** Where the chunk starts in the attempt's whole output, in UTF-8 bytes. */
    byteOffset: bigint('byte_offset', { mode: 'number' }).notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.attempt, t.seq] })],
);

