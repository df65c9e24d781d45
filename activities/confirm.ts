import { Context, ApplicationFailure } from '@temporalio/activity';
import { getTrial, listTrials, recordConfirmedResult, type Db } from '../src/db/index';
import type { ActivityDeps } from './deps';
import type { EvaluationRange } from './evaluations';
import { evaluationsResult } from './record';
import { loadStoredSearch } from './stored-search';
import { startRun, trialContext } from './trainer-run';
import { toTrialTask } from './trial-task';
import type { TrialTask } from './types';

const HEARTBEAT_INTERVAL_MS = 1_000;

/** A succeeded trial to evaluate again: the evaluations it still needs, numbered on from those it has. */
export type ConfirmationTask = TrialTask & { evaluations: EvaluationRange };

export function createConfirmSweepActivities(db: Db) {
  return {
    /** The spec's `confirm`: those of its topK best succeeded trials not confirmed yet, each to be evaluated `repeats` times, numbered on from its evaluations. */
    async confirmationTasks({ searchId }: { searchId: string }): Promise<ConfirmationTask[]> {
      const spec = (await loadStoredSearch(db, searchId)).resolved;
      if (!spec.confirm) return [];
      const { topK, repeats } = spec.confirm;
      const best = await listTrials(db, searchId, { status: 'succeeded', sort: 'objective', order: spec.objective.goal === 'maximize' ? 'desc' : 'asc', limit: topK });
      return best
        .filter((trial) => trial.beforeConfirmation === null)
        .map((trial) => ({ ...toTrialTask(spec, trial), evaluations: { from: trial.evaluations, count: repeats } }));
    },
  };
}

export function createConfirmTrialActivities(deps: ActivityDeps) {
  const { db, trainers, dataDir, workerName } = deps;
  return {
    /**
     * Evaluates a succeeded trial again and makes the new evaluations its result (means, standard errors, objective and
     * its bound), keeping the search's in beforeConfirmation: the search's evaluations are what ranked the trial among
     * the best, so they are biased upwards (the winner's curse) and the fresh ones alone give an honest interval.
     * A re-evaluation that does not succeed leaves the trial as it was; `confirmed` says which.
     */
    async confirmTrial(task: ConfirmationTask): Promise<{ confirmed: boolean; error: string | null }> {
      const context = Context.current();
      const trainer = trainers.get(task.trainer);
      if (!trainer) throw ApplicationFailure.nonRetryable(`trainer '${task.trainer}' is not registered on worker ${workerName}`, 'UnknownTrainer');
      const ticker = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
      try {
        const ctx = trialContext(task, dataDir, context.info.attempt, context.cancellationSignal, { report: () => undefined });
        const { run, recorded } = startRun(trainer, ctx, task, task.evaluations, deps);
        const outcome = await run;
        await recorded();
        if (outcome.status !== 'succeeded' || !outcome.evaluations) return { confirmed: false, error: outcome.status === 'succeeded' ? 'no evaluations' : outcome.error };
        const trial = await getTrial(db, task.trialId);
        if (!trial || trial.status !== 'succeeded' || trial.beforeConfirmation !== null) return { confirmed: false, error: 'the trial changed while it was re-evaluated' };
        const fresh = outcome.evaluations;
        const objective = fresh.means[task.objectiveMetric];
        if (objective === undefined) return { confirmed: false, error: `the re-evaluations reported no finite '${task.objectiveMetric}'` };
        const confirmed = await recordConfirmedResult(db, task.trialId, { objective, metrics: { ...trial.metrics, ...fresh.means }, ...evaluationsResult(task, objective, fresh) });
        return { confirmed, error: confirmed ? null : 'the trial changed while it was re-evaluated' };
      } finally {
        clearInterval(ticker);
      }
    },
  };
}
