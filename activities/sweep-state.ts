import { ApplicationFailure } from '@temporalio/activity';
import { markSearchCancelled, markSearchFinished, getSearch, markSearchRunning, searchTrials, type Db } from '../src/db/index';
import { isFinalTrial, type SearchStatus } from '../src/status';
import { toTrialTask } from './trial-task';
import type { SweepState, TrialTask } from './types';

export function createSweepStateActivities(db: Db) {
  return {
    /** Marks the search running and returns what the workflow needs to continue from the database. */
    async loadSweep({ searchId }: { searchId: string }): Promise<SweepState> {
      const search = await getSearch(db, searchId);
      if (!search) throw ApplicationFailure.nonRetryable(`search ${searchId} does not exist`, 'SearchNotFound');
      await markSearchRunning(db, searchId);
      const rows = await searchTrials(db, searchId);
      const spec = search.resolved;
      const unfinished: TrialTask[] = rows
        .filter((t) => !isFinalTrial(t.status))
        .map((t) => toTrialTask(spec, t));
      return {
        maxTrials: spec.budget.maxTrials,
        parallelism: spec.budget.parallelism,
        maxFailedTrials: spec.budget.maxFailedTrials,
        objectiveMetric: spec.objective.metric,
        finished: rows.filter((t) => isFinalTrial(t.status)).length,
        failed: rows.filter((t) => t.status === 'failed').length,
        nextOrdinal: rows.reduce((max, t) => Math.max(max, t.ordinal + 1), 0),
        unfinished,
      };
    },

    async finishSweep({ searchId, status, error }: { searchId: string; status: SearchStatus; error: string | null }): Promise<void> {
      if (status === 'cancelled') await markSearchCancelled(db, searchId);
      else await markSearchFinished(db, searchId, status, error);
    },
  };
}
