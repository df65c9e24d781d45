import { latestScoredTrials, type Db } from '../db/index';
import { estimateImportance, importanceLimits, type ImportanceEstimate } from '../search/importance/index';
import type { Objective } from '../search-spec/search-spec';
import { findSearch } from './read';

export interface SearchImportance {
  objective: Objective;
  estimate: ImportanceEstimate;
}

/** Estimates kept, one per search, the least recently asked dropped first: a dashboard asks on every change of the trials. */
const CACHED_SEARCHES = 64;
const cache = new Map<string, { trialOrdinals: string; estimate: Promise<ImportanceEstimate> }>();

/**
 * How much each parameter of a search's space moves its objective, estimated from its latest succeeded trials
 * (failed, diverged, pruned and unfinished ones have no objective to explain), reproducible from its seed.
 * The forest is fitted again only when those trials changed.
 */
export async function searchImportance(db: Db, id: string): Promise<SearchImportance> {
  const search = await findSearch(db, id);
  const { dimensions, objective, seed } = search.resolved;
  const trials = await latestScoredTrials(db, search.id, importanceLimits.maxTrials);
  const trialOrdinals = trials.map((t) => t.ordinal).join(',');
  let cached = cache.get(search.id);
  cache.delete(search.id);
  if (cached?.trialOrdinals !== trialOrdinals) cached = { trialOrdinals, estimate: estimateImportance(dimensions, trials, seed) };
  cache.set(search.id, cached);
  if (cache.size > CACHED_SEARCHES) cache.delete(cache.keys().next().value!);
  return { objective, estimate: await cached.estimate };
}
