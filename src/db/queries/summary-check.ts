import { eq, inArray, sql } from 'drizzle-orm';
import type { Goal } from '../../search/types';
import type { Db } from '../client';
import { searchSummaries, searches } from '../schema/index';
import { trialStatuses, type TrialCounts } from '../../status';
import { countsOfSummary, searchIdsAfter, summariesOf } from './search-summaries';
import { bestTrialsOf, countTrialsByStatusOf } from './trials';

/** What the trials of a search say its summary should hold. */
export interface SummaryFacts {
  counts: TrialCounts;
  bestTrialId: string | null;
  bestObjective: number | null;
}

/** A search whose stored summary differs from the aggregate over its trials (`stored` null: it has no summary row). */
export interface SummaryMismatch {
  searchId: string;
  fields: string[];
  stored: SummaryFacts | null;
  aggregate: SummaryFacts;
}

export interface SummaryCheck {
  checked: number;
  mismatches: SummaryMismatch[];
  /** Whether the mismatched summaries were rewritten from the aggregate. */
  fixed: boolean;
}

/** Searches read per round of a check over all of them. */
const CHECK_BATCH = 500;

async function goalsOf(db: Db, ids: readonly string[]): Promise<{ id: string; goal: Goal }[]> {
  const rows = await db
    .select({ id: searches.id, goal: sql<Goal>`${searches.resolved} #>> '{objective,goal}'` })
    .from(searches)
    .where(inArray(searches.id, [...ids]));
  return rows;
}

/** The aggregate over the trials of these searches: counts per status, and the best succeeded trial (ties to the lower ordinal). */
async function aggregateFacts(db: Db, ids: readonly string[]): Promise<Map<string, SummaryFacts>> {
  const goals = await goalsOf(db, ids);
  const [counts, best] = await Promise.all([countTrialsByStatusOf(db, ids), bestTrialsOf(db, goals)]);
  return new Map(goals.map(({ id }) => [id, { counts: counts.get(id)!, bestTrialId: best.get(id)?.id ?? null, bestObjective: best.get(id)?.objective ?? null }]));
}

const sameNumber = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Number.isNaN(a) && Number.isNaN(b));

function differingFields(stored: SummaryFacts, aggregate: SummaryFacts): string[] {
  const fields: string[] = trialStatuses.filter((status) => stored.counts[status] !== aggregate.counts[status]);
  if (stored.bestTrialId !== aggregate.bestTrialId) fields.push('bestTrialId');
  if (!sameNumber(stored.bestObjective, aggregate.bestObjective)) fields.push('bestObjective');
  return fields;
}

async function mismatchesAmong(db: Db, ids: readonly string[]): Promise<{ checked: number; mismatches: SummaryMismatch[] }> {
  const [summaries, aggregates] = await Promise.all([summariesOf(db, ids), aggregateFacts(db, ids)]);
  const mismatches: SummaryMismatch[] = [];
  for (const [searchId, aggregate] of aggregates) {
    const row = summaries.get(searchId);
    const stored = row ? { counts: countsOfSummary(row), bestTrialId: row.bestTrialId, bestObjective: row.bestObjective } : null;
    const fields = stored ? differingFields(stored, aggregate) : ['summary'];
    if (fields.length > 0) mismatches.push({ searchId, fields, stored, aggregate });
  }
  return { checked: aggregates.size, mismatches };
}

/**
 * Rewrites a search's summary from its trials. The summary row is locked before the trials are read, so a
 * trial write racing the fix waits for it and then applies its change on top: nothing is lost either way.
 */
async function rebuildSummary(db: Db, searchId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into search_summaries (search_id, goal) select id, resolved #>> '{objective,goal}' from searches where id = ${searchId} on conflict do nothing`);
    const locked = await tx.select({ id: searchSummaries.searchId }).from(searchSummaries).where(eq(searchSummaries.searchId, searchId)).for('update');
    if (locked.length === 0) return;
    const facts = (await aggregateFacts(tx, [searchId])).get(searchId);
    if (!facts) return;
    await tx
      .update(searchSummaries)
      .set({ ...facts.counts, bestTrialId: facts.bestTrialId, bestObjective: facts.bestObjective, version: sql`${searchSummaries.version} + 1` })
      .where(eq(searchSummaries.searchId, searchId));
  });
}

/**
 * Compares the stored summaries with the aggregate over the trials, for one search or all of them (walked
 * in batches of 500 by id); with `fix`, rewrites each one that differs. An unknown `searchId` checks nothing.
 */
export async function checkSearchSummaries(db: Db, options: { searchId?: string; fix?: boolean } = {}): Promise<SummaryCheck> {
  const mismatches: SummaryMismatch[] = [];
  let checked = 0;
  const check = async (ids: readonly string[]) => {
    const found = await mismatchesAmong(db, ids);
    checked += found.checked;
    mismatches.push(...found.mismatches);
  };
  if (options.searchId !== undefined) await check([options.searchId]);
  else {
    let after: string | undefined;
    for (;;) {
      const ids = await searchIdsAfter(db, after, CHECK_BATCH);
      if (ids.length === 0) break;
      await check(ids);
      after = ids[ids.length - 1];
    }
  }
  if (options.fix) for (const mismatch of mismatches) await rebuildSummary(db, mismatch.searchId);
  return { checked, mismatches, fixed: options.fix === true && mismatches.length > 0 };
}
