import {
  countsOfSummary,
  finalMetricNamesOf,
  getSearch,
  listTrials,
  searchEventLog,
  selectSearchPage,
  searchWithSummary,
  summariesWithBest,
  trialsByOrdinal,
  type Db,
  type SearchEventRow,
  type SearchPageQuery,
  type SearchRow,
  type SummaryAndBest,
  type TrialPageQuery,
  type TrialRow,
} from '../db/index';
import { noTrials, type TrialCounts } from '../status';
import type { Caller } from './deps';
import { SearchNotFound } from './errors';

/** A search with what is derived from its trials. */
export interface SearchSummary {
  search: SearchRow;
  counts: TrialCounts;
  best: TrialRow | undefined;
}

export interface Page<T> {
  items: T[];
  /** The last item, when there are more after it. */
  more: T | undefined;
}

function page<T>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, more: rows.length > limit ? items[items.length - 1] : undefined };
}

export async function findSearch(db: Db, id: string): Promise<SearchRow> {
  const row = await getSearch(db, id);
  if (!row) throw new SearchNotFound(id);
  return row;
}

/** A search the caller may change: another tenant's search, or an ownerless one, does not exist for a tenant. */
export async function findOwnSearch(db: Db, id: string, caller: Caller): Promise<SearchRow> {
  const row = await findSearch(db, id);
  if (caller.tenant !== undefined && row.owner !== caller.tenant) throw new SearchNotFound(id);
  return row;
}

const summaryOf = (search: SearchRow, found: SummaryAndBest | undefined): SearchSummary => ({ search, counts: found ? countsOfSummary(found.summary) : noTrials(), best: found?.best });

/** Searches with their trial counts and best trials, from their stored summaries: one query however many rows or trials. */
export async function summarize(db: Db, rows: readonly SearchRow[]): Promise<SearchSummary[]> {
  const found = await summariesWithBest(db, rows.map((row) => row.id));
  return rows.map((search) => summaryOf(search, found.get(search.id)));
}

/** A search with its trial counts and best trial, in one query. */
export async function describeSearch(db: Db, id: string): Promise<SearchSummary> {
  const row = await searchWithSummary(db, id);
  if (!row) throw new SearchNotFound(id);
  return summaryOf(row.search, row.found);
}

/** Newest first; `more` is the last summary when another page follows. */
export async function listSearchSummaries(db: Db, query: SearchPageQuery): Promise<Page<SearchSummary>> {
  const rows = page(await selectSearchPage(db, { ...query, limit: query.limit + 1 }), query.limit);
  const items = await summarize(db, rows.items);
  return { items, more: rows.more ? items[items.length - 1] : undefined };
}

export type TrialListQuery = Omit<TrialPageQuery, 'order'> & { order?: TrialPageQuery['order'] };

/** Trials of a search; sorting by objective defaults to best first, by ordinal or a metric to ascending. */
export async function listSearchTrials(db: Db, id: string, query: TrialListQuery): Promise<Page<TrialRow>> {
  const search = await findSearch(db, id);
  const bestFirst = search.resolved.objective.goal === 'maximize' ? 'desc' : 'asc';
  const order = query.order ?? (query.sort === 'objective' ? bestFirst : 'asc');
  return page(await listTrials(db, search.id, { ...query, order, limit: query.limit + 1 }), query.limit);
}

/** A search's trials for export: its parameters (searched ones by name, then fixed ones), the final metrics its trials report, and its trials by ordinal in batches. */
export interface TrialExport {
  search: SearchRow;
  parameters: string[];
  metrics: string[];
  batches: AsyncIterable<TrialRow[]>;
}

export async function exportSearchTrials(db: Db, id: string, batchSize: number): Promise<TrialExport> {
  const search = await findSearch(db, id);
  const { dimensions, fixed } = search.resolved;
  return {
    search,
    parameters: [...dimensions.map((dimension) => dimension.name), ...Object.keys(fixed).sort()],
    metrics: await finalMetricNamesOf(db, search.id),
    batches: trialsByOrdinal(db, search.id, batchSize),
  };
}

export async function searchEvents(db: Db, id: string): Promise<SearchEventRow[]> {
  return searchEventLog(db, (await findSearch(db, id)).id);
}
