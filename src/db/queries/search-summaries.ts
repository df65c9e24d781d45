import { asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { searchSummaries, searches, trials, type SearchRow, type SearchSummaryRow, type TrialRow } from '../schema/index';
import { trialStatuses, type TrialCounts } from '../../status';

export const countsOfSummary = (row: SearchSummaryRow): TrialCounts => Object.fromEntries(trialStatuses.map((status) => [status, row[status]])) as TrialCounts;

/** The summaries of these searches, in one query. */
export async function summariesOf(db: Db, searchIds: readonly string[]): Promise<Map<string, SearchSummaryRow>> {
  if (searchIds.length === 0) return new Map();
  const rows = await db.select().from(searchSummaries).where(inArray(searchSummaries.searchId, [...searchIds]));
  return new Map(rows.map((row) => [row.searchId, row]));
}

/**
 * The statements polled most (every dashboard tab, once a second), prepared once per database: drizzle
 * builds their SQL once, and the server parses and plans them once per connection.
 */
function preparedReads(db: Db) {
  const id = sql.placeholder('id');
  return {
    version: db.select({ version: searchSummaries.version }).from(searchSummaries).where(eq(searchSummaries.searchId, id)).prepare('search_summary_version'),
    searchWithSummary: db
      .select({ search: searches, summary: searchSummaries, best: trials })
      .from(searches)
      .leftJoin(searchSummaries, eq(searchSummaries.searchId, searches.id))
      .leftJoin(trials, eq(trials.id, searchSummaries.bestTrialId))
      .where(eq(searches.id, id))
      .prepare('search_with_summary'),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof preparedReads>>();

function reads(db: Db): ReturnType<typeof preparedReads> {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = preparedReads(db)));
  return statements;
}

/** The version of a search's summary, bumped by every change of the search or its trials; undefined when there is no such search. */
export async function summaryVersion(db: Db, searchId: string): Promise<number | undefined> {
  const [row] = await reads(db).version.execute({ id: searchId });
  return row?.version;
}

/** What reads of a search show of its trials: its summary and the best trial it names. */
export interface SummaryAndBest {
  summary: SearchSummaryRow;
  best: TrialRow | undefined;
}

/** The summaries of these searches with their best trials, in one query. */
export async function summariesWithBest(db: Db, searchIds: readonly string[]): Promise<Map<string, SummaryAndBest>> {
  if (searchIds.length === 0) return new Map();
  const rows = await db
    .select({ summary: searchSummaries, best: trials })
    .from(searchSummaries)
    .leftJoin(trials, eq(trials.id, searchSummaries.bestTrialId))
    .where(inArray(searchSummaries.searchId, [...searchIds]));
  return new Map(rows.map(({ summary, best }) => [summary.searchId, { summary, best: best ?? undefined }]));
}

/** A search with its summary and best trial, in one query; undefined when there is no such search. */
export async function searchWithSummary(db: Db, id: string): Promise<{ search: SearchRow; found: SummaryAndBest | undefined } | undefined> {
  const [row] = await reads(db).searchWithSummary.execute({ id });
  return row && { search: row.search, found: row.summary ? { summary: row.summary, best: row.best ?? undefined } : undefined };
}

/** Ids of searches in id order after `after`, `limit` at a time: how a check walks every search in constant memory. */
export async function searchIdsAfter(db: Db, after: string | undefined, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: searches.id })
    .from(searches)
    .where(after === undefined ? undefined : gt(searches.id, after))
    .orderBy(asc(searches.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
