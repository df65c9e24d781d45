import { bigint, customType, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './timestamps';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Objects of the PostgreSQL artifact store (ARTIFACT_STORE=postgres): one row per object, its bytes in chunks. */
export const artifactObjects = pgTable('artifact_objects', {
  name: text('name').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
});

export const artifactChunks = pgTable(
  'artifact_chunks',
  {
    name: text('name')
      .notNull()
      .references(() => artifactObjects.name, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.seq] })],
);
