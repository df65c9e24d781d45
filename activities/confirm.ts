import { Context, ApplicationFailure } from '@temporalio/activity';
import { getTrial, recordConfirmedResult, topTrials, type Db, type TrialRow } from '../src/db/index';
import { mergeEvaluations, type EvaluationSummary } from '../src/search/evaluations';
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

/** What a trial's stored result says of its evaluations (its finite metrics being their means). */
function storedEvaluations(trial: TrialRow): EvaluationSummary {
  const means = Object.fromEntries(Object.entries(trial.metrics ?? {}).filter(([, v]) => Number.isFinite(v)));
  return { count: trial.evaluations, means, stdErrors: trial.metricStdErrors };
}

export function createConfirmSweepActivities(db: Db) {
  return {
    /** The spec's `confirm`: its topK best succeeded trials that have fewer evaluations than it asks for, and how many more each needs. */
    async confirmationTasks({ searchId }: { searchId: string }): Promise<ConfirmationTask[]> {
      const spec = (await loadStoredSearch(db, searchId)).resolved;
      if (!spec.confirm) return [];
      const wanted = (spec.evaluationRepeats ?? 1) + spec.confirm.repeats;
      const best = await topTrials(db, searchId, spec.objective.goal, spec.confirm.topK);
      return best
        .filter((trial) => trial.evaluations < wanted)
        .map((trial) => ({ ...toTrialTask(spec, trial), evaluations: { from: trial.evaluations, count: wanted - trial.evaluations } }));
    },
  };
}

export function createConfirmTrialActivities(deps: ActivityDeps) {
  const { db, trainers, dataDir, workerName } = deps;
  return {
    /**
     * Evaluates a succeeded trial again and merges the new evaluations into its result (means, standard errors,
     * objective and its bound). A re-evaluation that does not succeed leaves the trial as it was; `confirmed` says which.
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
        if (!trial || trial.status !== 'succeeded' || trial.evaluations !== task.evaluations.from) return { confirmed: false, error: 'the trial changed while it was re-evaluated' };
        const merged = mergeEvaluations(storedEvaluations(trial), outcome.evaluations);
        const objective = merged.means[task.objectiveMetric];
        if (objective === undefined) return { confirmed: false, error: `the re-evaluations reported no finite '${task.objectiveMetric}'` };
        const { count, metricStdErrors, objectiveBound } = evaluationsResult(task, objective, merged);
        const confirmed = await recordConfirmedResult(db, task.trialId, task.evaluations.from, {
          objective,
          metrics: { ...trial.metrics, ...merged.means },
          evaluations: count,
          metricStdErrors,
          objectiveBound,
        });
        return { confirmed, error: confirmed ? null : 'the trial changed while it was re-evaluated' };
      } finally {
        clearInterval(ticker);
      }
    },
  };
}
