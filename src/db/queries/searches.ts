import { and, desc, eq, inArray, lt, ne, notExists, or, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Observation } from '../../search/types';
import type { Db } from '../client';
import { hasTags, mergedTags, tagsWithin } from './annotations';
import { cancelOpenTrials } from './trials';
import { searches, trainings, trials, type AnnotationChange, type NewSearchRow, type SearchRow, type TagFilter } from '../schema/index';
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
  /** Archived searches: left out (the default), the only ones, or included. */
  archived?: 'exclude' | 'only' | 'include';
  tags?: readonly TagFilter[];
  /** createdAt and id of the last row of the previous page. */
  after?: { createdAt: Date; id: string };
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function selectSearchPage(db: Db, query: SearchPageQuery): Promise<SearchRow[]> {
  const conditions = [];
  if (query.status) conditions.push(eq(searches.status, query.status));
  if (query.owner !== undefined) conditions.push(eq(searches.owner, query.owner));
  const archived = query.archived ?? 'exclude';
  if (archived !== 'include') conditions.push(eq(searches.archived, archived === 'only'));
  conditions.push(hasTags(searches.tags, query.tags));
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

/**
 * Applies a user's change of notes, tags or the archive flag; undefined when the search is gone or the
 * change would leave more than `maxTags` tags. `updated_at` is left alone: it marks the sweep's state,
 * which concurrent resumes compare (see requeueSearch).
 */
export async function annotateSearchRow(db: Db, id: string, change: AnnotationChange, maxTags: number): Promise<SearchRow | undefined> {
  const [row] = await db
    .update(searches)
    .set({
      ...(change.notes !== undefined ? { notes: change.notes } : {}),
      ...(change.archived !== undefined ? { archived: change.archived } : {}),
      tags: mergedTags(searches.tags, change),
    })
    .where(and(eq(searches.id, id), tagsWithin(searches.tags, change, maxTags)))
    .returning();
  return row;
}

const otherTrials = alias(trials, 'other_trials');

/** No trial of another search has this train key: a training that only this search's trials use. */
const onlyThisSearchTrains = (db: Db, searchId: string, trainKey: AnyPgColumn) =>
  notExists(db.select({ one: sql`1` }).from(otherTrials).where(and(eq(otherTrials.trainKey, trainKey), ne(otherTrials.searchId, searchId))));

/** The train keys of trainings only this search's trials use: what deleting the search deletes with it. */
export async function trainingsOnlyOf(db: Db, searchId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ trainKey: trainings.trainKey })
    .from(trainings)
    .innerJoin(trials, eq(trials.trainKey, trainings.trainKey))
    .where(and(eq(trials.searchId, searchId), onlyThisSearchTrains(db, searchId, trainings.trainKey)));
  return rows.map((row) => row.trainKey);
}

/**
 * Deletes a search with everything stored for it, in one transaction: its trials with their metric points
 * and logs, its events (all by cascade), and those of `trainKeys` that still no other search shares.
 * False when the search was gone already.
 */
export async function deleteSearchRecords(db: Db, searchId: string, trainKeys: readonly string[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (trainKeys.length > 0) await tx.delete(trainings).where(and(inArray(trainings.trainKey, [...trainKeys]), onlyThisSearchTrains(tx, searchId, trainings.trainKey)));
    const deleted = await tx.delete(searches).where(eq(searches.id, searchId)).returning({ id: searches.id });
    return deleted.length > 0;
  });
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

/** Stores a search's warm-start observations unless some are stored already: the first load is the one every run uses. */
export async function recordWarmStartObservations(db: Db, id: string, observations: readonly Observation[]): Promise<void> {
  await db
    .update(searches)
    .set({ resolved: sql`jsonb_set(${searches.resolved}, '{warmStartObservations}', ${JSON.stringify(observations)}::jsonb)`, updatedAt: new Date() })
    .where(and(eq(searches.id, id), sql`not (${searches.resolved} ? 'warmStartObservations')`));
}
