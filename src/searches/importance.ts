import { latestScoredTrials, type Db } from '../db/index';
import { estimateImportance, importanceLimits, type ImportanceEstimate } from '../search/importance/index';
import type { Objective } from '../search-spec/search-spec';
import { findSearch } from './read';

export interface SearchImportance {
  objective: Objective;
  estimate: ImportanceEstimate;
}

/**
 * How much each parameter of a search's space moves its objective, estimated from its latest succeeded trials
 * (failed, diverged, pruned and unfinished ones have no objective to explain), reproducible from its seed.
 */
export async function searchImportance(db: Db, id: string): Promise<SearchImportance> {
  const search = await findSearch(db, id);
  const { dimensions, objective, seed } = search.resolved;
  const trials = await latestScoredTrials(db, search.id, importanceLimits.maxTrials);
  return { objective, estimate: await estimateImportance(dimensions, trials, seed) };
}
