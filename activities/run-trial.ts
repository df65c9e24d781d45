import { Context, ApplicationFailure } from '@temporalio/activity';
import { markTrialRunning, noteAttemptError } from '../src/db/index';
import { observeTrialAttempt } from '../src/observability/activity-telemetry';
import { persistently } from '../src/db/retry';
import { RetryableTrainerError } from '../src/trainers/attempt-errors';
import { TrainerProcessCrashed } from '../src/trainers/host/pool';
import type { ActivityDeps } from './deps';
import { TrialLogWriter } from './log-writer';
import { MetricWriter } from './metric-writer';
import type { ProgressReport, TrialOutcome } from '../src/trainers/types';
import { PruningMonitor } from './pruning';
import { recordTrialOutcome } from './record';
import { firstEvaluations, startRun, trialContext } from './trainer-run';
import type { StoredTrialStatus, TrialTask } from './types';

const FLUSH_INTERVAL_MS = 500;
const HEARTBEAT_INTERVAL_MS = 1_000;

export function createRunTrialActivities(deps: ActivityDeps) {
  const { db, trainers, dataDir, workerName, maxAttempts, metricBufferMaxPoints, trialLogMaxBytes } = deps;
  return {
    /** Runs one trial on this worker: heartbeats, streams metrics, and returns the outcome for the workflow to record. */
    async runTrial(task: TrialTask): Promise<StoredTrialStatus> {
      const context = Context.current();
      const trainer = trainers.get(task.trainer);
      if (!trainer) throw ApplicationFailure.nonRetryable(`trainer '${task.trainer}' is not registered on worker ${workerName}`, 'UnknownTrainer');
      const attempt = observeTrialAttempt({ searchId: task.searchId, trialId: task.trialId, ordinal: task.ordinal, trainer: task.trainer, attempt: context.info.attempt, worker: workerName });
      const metrics = new MetricWriter(db, task.trialId, metricBufferMaxPoints);
      /** Created once the attempt is counted: its logs are kept under that number. */
      let logs: TrialLogWriter | undefined;
      let latest: ProgressReport | undefined;
      const heartbeat = () => context.heartbeat({ step: latest?.step ?? 0 });
      const ticker = setInterval(() => {
        heartbeat();
        metrics.flush().catch(() => undefined);
        logs?.flush().catch(() => undefined);
      }, Math.min(HEARTBEAT_INTERVAL_MS, FLUSH_INTERVAL_MS));
      heartbeat();
      const cancellation = context.cancellationSignal;
      // the trainer stops on cancellation or when the pruner ends the trial
      const stopTrainer = new AbortController();
      const signal = stopTrainer.signal;
      const onCancel = () => stopTrainer.abort(cancellation.reason);
      cancellation.addEventListener('abort', onCancel, { once: true });
      if (cancellation.aborted) onCancel();
      const pruning = task.pruner
        ? new PruningMonitor(db, task, task.pruner, (reason) => stopTrainer.abort(new Error(`pruned: ${reason}`)))
        : undefined;
      let overflow: string | undefined;
      try {
        const { workflowExecution, activityId, attempt: temporalAttempt } = context.info;
        const attemptKey = `${workflowExecution?.runId}/${activityId}/${temporalAttempt}`;
        const running = await persistently(() => markTrialRunning(db, task.trialId, workerName, attemptKey), cancellation);
        if (!running) throw ApplicationFailure.nonRetryable(`trial ${task.trialId} is already finished`, 'TrialFinished');
        if (running.attempt > maxAttempts) {
          // earlier attempts never came back (worker killed or crashed, then restarted or resumed): stop here
          const outcome: TrialOutcome = {
            status: 'failed',
            metrics: {},
            error: `started ${running.attempt - 1} times without a result: the worker running it crashed or was killed each time (TRIAL_MAX_ATTEMPTS ${maxAttempts})`,
          };
          const status = await persistently(() => recordTrialOutcome(db, { ...task, outcome }), cancellation);
          attempt.finished(outcome);
          return { status };
        }
        const attemptLogs = new TrialLogWriter(db, task.trialId, running.attempt, trialLogMaxBytes);
        logs = attemptLogs;
        const ctx = trialContext(task, dataDir, context.info.attempt, signal, {
          report(progress) {
            latest = progress;
            if (!metrics.add(progress) && !overflow) {
              overflow = `the trainer reported metrics faster than they could be stored: ${metrics.maxPoints} points were waiting (METRIC_BUFFER_MAX_POINTS)`;
              stopTrainer.abort(new Error(overflow));
            }
            pruning?.observe(progress);
          },
          log: (line) => attemptLogs.add(line),
        });
        const { run, recorded } = startRun(trainer, ctx, task, firstEvaluations(task), deps);
        const overflowed = (error: string): TrialOutcome => ({ status: 'failed', metrics: latest?.values ?? {}, error });
        const finished = await run.catch((error: unknown): TrialOutcome => {
          if (cancellation.aborted) throw error;
          if (overflow) return overflowed(overflow);
          if (error instanceof TrainerProcessCrashed || error instanceof RetryableTrainerError)
            throw ApplicationFailure.retryable(`${error.message} (attempt ${running.attempt} of ${maxAttempts})`, error.name);
          if (!pruning?.decision) throw error;
          const { step, reason } = pruning.decision;
          return { status: 'pruned', metrics: latest?.values ?? {}, error: `pruned at step ${step}: ${reason}`, prunedAtStep: step };
        });
        // a trainer that ended on its own after its metrics overflowed still lost points
        const outcome = overflow ? overflowed(overflow) : finished;
        await persistently(() => Promise.all([metrics.flush(), attemptLogs.flush()]), cancellation);
        // the result is stored before the activity completes, retrying through database outages
        const status = await persistently(() => recordTrialOutcome(db, { ...task, outcome }), cancellation);
        await recorded();
        attempt.finished(outcome);
        return { status };
      } catch (error) {
        // what the attempt reported and printed before it was killed or cancelled is kept (and tells why)
        await Promise.all([metrics.flush(), logs?.flush()]).catch(() => undefined);
        attempt.aborted(error, cancellation.aborted);
        if (cancellation.aborted) throw cancellation.reason;
        await noteAttemptError(db, task.trialId, error instanceof Error ? error.message : String(error)).catch(() => undefined);
        throw error;
      } finally {
        clearInterval(ticker);
        cancellation.removeEventListener('abort', onCancel);
      }
    },
  };
}

