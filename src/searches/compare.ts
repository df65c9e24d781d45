import { bestSoFarCurve, type BestSoFarPoint, type Db } from '../db/index';
import type { Objective } from '../search-spec/search-spec';
import type { Caller } from './deps';
import { IncomparableSearches } from './errors';
import { findOwnSearch, summarize, type SearchSummary } from './read';

/** Points of a best-so-far curve at most: a longer search is shown by evenly spaced points. */
export const bestSoFarMaxPoints = 1_000;

export interface ComparedSearch extends SearchSummary {
  /** Completed trials (every final status but cancelled): what the curve runs over. */
  completed: number;
  bestSoFar: BestSoFarPoint[];
}

export interface Comparison {
  objective: Objective;
  searches: ComparedSearch[];
}

/**
 * Searches side by side, in the order asked: progress, best trial and the best objective after each completed
 * trial. They must share the objective (metric and goal), else their curves measure different things.
 * A search the caller may not see does not exist for it (SearchNotFound), as for every read.
 */
export async function compareSearches(db: Db, ids: readonly string[], caller: Caller): Promise<Comparison> {
  const rows = [];
  for (const id of ids) rows.push(await findOwnSearch(db, id, caller));
  const objective = rows[0]!.resolved.objective;
  const other = rows.find((row) => row.resolved.objective.metric !== objective.metric || row.resolved.objective.goal !== objective.goal);
  if (other)
    throw new IncomparableSearches(
      `search ${other.id} has objective ${other.resolved.objective.goal} ${other.resolved.objective.metric}, search ${rows[0]!.id} ${objective.goal} ${objective.metric}: only searches with the same objective compare`,
    );
  const summaries = await summarize(db, rows);
  const searches: ComparedSearch[] = [];
  for (const summary of summaries) {
    const curve = await bestSoFarCurve(db, summary.search.id, objective.goal, bestSoFarMaxPoints);
    searches.push({ ...summary, completed: curve.completed, bestSoFar: curve.points });
  }
  return { objective, searches };
}
