import { countsOfSummary, countTrialsByStatus, markSearchCancelled, markSearchFinished, markSearchRunning, nextTrialOrdinal, openTrials, summariesOf, type Db } from '../src/db/index';
import { finishedCount, honestOutcome, type SearchOutcome, type SearchStatus } from '../src/status';
import { loadStoredSearch } from './stored-search';
import { toTrialTask } from './trial-task';
import { loadWarmStart } from './warm-start';
import type { SweepState, TrialTask } from './types';

export type FinishSweepInput = { searchId: string } & ({ status: 'cancelled'; error: null } | SearchOutcome);

export function createSweepStateActivities(db: Db) {
  return {
    /** Loads a warm start's observations (first run only), marks the search running and returns what the workflow needs to continue from the database. */
    async loadSweep({ searchId }: { searchId: string }): Promise<SweepState> {
      const search = await loadStoredSearch(db, searchId);
      await loadWarmStart(db, search);
      await markSearchRunning(db, searchId);
      // each continue-as-new loads again: what it reads stays the same size however many trials are done
      const summary = (await summariesOf(db, [searchId])).get(searchId);
      if (!summary) throw new Error(`search ${searchId} has no summary row`);
      const counts = countsOfSummary(summary);
      const spec = search.resolved;
      const unfinished: TrialTask[] = (await openTrials(db, searchId)).map((t) => toTrialTask(spec, t));
      return {
        maxTrials: spec.budget.maxTrials,
        parallelism: spec.budget.parallelism,
        maxFailedTrials: spec.budget.maxFailedTrials,
        objectiveMetric: spec.objective.metric,
        finished: finishedCount(counts),
        failed: counts.failed,
        nextOrdinal: await nextTrialOrdinal(db, searchId),
        unfinished,
        ...(spec.confirm ? { confirm: true } : {}),
      };
    },

    /** Stores how the sweep ended and returns the status stored (a sweep without a succeeded trial failed). */
    async finishSweep(input: FinishSweepInput): Promise<SearchStatus> {
      if (input.status === 'cancelled') {
        await markSearchCancelled(db, input.searchId);
        return input.status;
      }
      const { status, error, reason } = honestOutcome(input, await countTrialsByStatus(db, input.searchId));
      await markSearchFinished(db, input.searchId, status, error, reason);
      return status;
    },
  };
}
