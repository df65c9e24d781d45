import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { cancelOpenTrials } from './trials';
import { searches, type NewSearchRow, type SearchRow } from '../schema/index';
import { openSearchStatuses, type SearchOutcomeReason, type SearchStatus } from '../../status';

/** Inserts a search; undefined when one with the same idempotency key exists. */
export async function insertSearch(db: Db, row: NewSearchRow): Promise<SearchRow | undefined> {
  const [inserted] = await db.insert(searches).values(row).onConflictDoNothing({ target: searches.idempotencyKey }).returning();
  return inserted;
}

export async function searchByIdempotencyKey(db: Db, key: string): Promise<SearchRow | undefined> {
  const [row] = await db.select().from(searches).where(eq(searches.idempotencyKey, key));
  return row;
}

export async function getSearch(db: Db, id: string): Promise<SearchRow | undefined> {
  const [row] = await db.select().from(searches).where(eq(searches.id, id));
  return row;
}

export interface SearchPageQuery {
  limit: number;
  status?: SearchStatus;
  /** Only this tenant's searches. */
  owner?: string;
  /** createdAt and id of the last row of the previous page. */
  after?: { createdAt: Date; id: string };
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function selectSearchPage(db: Db, query: SearchPageQuery): Promise<SearchRow[]> {
  const conditions = [];
  if (query.status) conditions.push(eq(searches.status, query.status));
  if (query.owner !== undefined) conditions.push(eq(searches.owner, query.owner));
  if (query.after) {
    const { createdAt, id } = query.after;
    conditions.push(or(lt(searches.createdAt, createdAt), and(eq(searches.createdAt, createdAt), lt(searches.id, id))));
  }
  return db
    .select()
    .from(searches)
    .where(and(...conditions))
    .orderBy(desc(searches.createdAt), desc(searches.id))
    .limit(query.limit);
}

/** Moves a search to running unless it already ended; idempotent. */
export async function markSearchRunning(db: Db, id: string): Promise<void> {
  await db
    .update(searches)
    .set({ status: 'running', startedAt: sql`coalesce(${searches.startedAt}, now())`, updatedAt: new Date(), error: null })
    .where(and(eq(searches.id, id), inArray(searches.status, [...openSearchStatuses])));
}

export async function markSearchFinished(db: Db, id: string, status: SearchStatus, error: string | null, reason: SearchOutcomeReason | null): Promise<void> {
  await db
    .update(searches)
    .set({ status, error, reason, finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(searches.id, id));
}

/** Removes a search that never started (its workflow could not be created). */
export async function deleteSearch(db: Db, id: string): Promise<void> {
  await db.delete(searches).where(eq(searches.id, id));
}

/** Searches that should have a live sweep workflow. */
export async function openSearches(db: Db): Promise<SearchRow[]> {
  return db.select().from(searches).where(inArray(searches.status, [...openSearchStatuses]));
}

/**
 * Puts a search back in the queue for a new workflow run, with an optionally larger budget, provided it is
 * still as the caller read it (same status and update time): of concurrent resumes, one wins.
 */
export async function requeueSearch(db: Db, seen: Pick<SearchRow, 'id' | 'status' | 'updatedAt'>, resolved: SearchRow['resolved']): Promise<boolean> {
  const requeued = await db
    .update(searches)
    .set({ status: 'queued', error: null, reason: null, finishedAt: null, resolved, updatedAt: new Date() })
    .where(and(eq(searches.id, seen.id), eq(searches.status, seen.status), sql`date_trunc('milliseconds', ${searches.updatedAt}) = ${seen.updatedAt.toISOString()}::timestamptz`))
    .returning({ id: searches.id });
  return requeued.length > 0;
}

/** Marks an open search interrupted: it should run, but its sweep could not be restarted. */
export async function markSearchInterrupted(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(searches)
    .set({ status: 'interrupted', error, updatedAt: new Date() })
    .where(and(eq(searches.id, id), inArray(searches.status, [...openSearchStatuses])));
}

/** Ends a search as cancelled, with every trial that had not finished marked cancelled too. */
export async function markSearchCancelled(db: Db, id: string): Promise<void> {
  await cancelOpenTrials(db, id);
  await markSearchFinished(db, id, 'cancelled', null, null);
}
