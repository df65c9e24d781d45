import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SearchSpecInput } from '../../search-spec/search-spec';
import type { ResolvedSpec } from '../../search-spec/resolve';
import type { Tags } from './annotations';
import { createdAt, optionalTimestamp, updatedAt } from './timestamps';

import type { SearchOutcomeReason, SearchStatus } from '../../status';

export const searches = pgTable(
  'searches',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** The spec as the user posted it. */
    spec: jsonb('spec').$type<SearchSpecInput>().notNull(),
    /** The spec after validation against the trainer: what runs. */
    resolved: jsonb('resolved').$type<ResolvedSpec>().notNull(),
    /** The names of the space's parameters, then the fixed ones, as posted: jsonb keeps no key order. Null for searches stored before 0014. */
    parameterOrder: text('parameter_order').array(),
    status: text('status').$type<SearchStatus>().notNull().default('queued'),
    workflowId: text('workflow_id').notNull(),
    /** Name of the API key that created the search; only that key may change it. */
    owner: text('owner'),
    /** The creating request's Idempotency-Key, scoped by owner (`<owner>:<key>`): a retry finds this search. */
    idempotencyKey: text('idempotency_key'),
    error: text('error'),
    /** Why the sweep ended; null while it runs and for a cancelled search. */
    reason: text('reason').$type<SearchOutcomeReason>(),
    /** The user's free-text notes (see annotations.ts). */
    notes: text('notes').notNull().default(''),
    /** The user's `key: value` labels, filtered on with `tags @> {…}`. */
    tags: jsonb('tags').$type<Tags>().notNull().default({}),
    /** Hidden from the search list unless asked for; still readable by id. */
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: optionalTimestamp('started_at'),
    finishedAt: optionalTimestamp('finished_at'),
  },
  (t) => [
    index('searches_created_idx').on(t.createdAt, t.id),
    uniqueIndex('searches_idempotency_key_uq').on(t.idempotencyKey),
    index('searches_tags_idx').using('gin', t.tags),
  ],
);

export type SearchRow = typeof searches.$inferSelect;
export type NewSearchRow = typeof searches.$inferInsert;
