import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { searches } from './searches';

export const searchEventKinds = ['created', 'cancel-requested', 'resumed', 'extended', 'recovered', 'recovered-as-cancelled', 'recovered-as-finished'] as const;
export type SearchEventKind = (typeof searchEventKinds)[number];
/** Events that record what a user (or recovery on their behalf) asked of the search: the last one is what should hold. */
export const searchCommandKinds = ['created', 'cancel-requested', 'resumed', 'extended', 'recovered'] as const satisfies readonly SearchEventKind[];
export type SearchCommandKind = (typeof searchCommandKinds)[number];

/** What happened to a search besides its trials: the history the API shows. */
export const searchEvents = pgTable(
  'search_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    searchId: uuid('search_id').notNull().references(() => searches.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SearchEventKind>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('search_events_search_idx').on(t.searchId, t.id)],
);

export type SearchEventRow = typeof searchEvents.$inferSelect;
