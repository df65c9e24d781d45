import path from 'node:path';
import { Context, ApplicationFailure } from '@temporalio/activity';
import { markTrialRunning, recordTrialMetrics, type Db, type MetricPoint } from '../src/db/index';
import { observeTrialAttempt } from '../src/observability/activity-telemetry';
import { persistently } from '../src/db/retry';
import type { ActivityDeps } from './deps';
import type { ProgressReport, TrialContext, TrialOutcome } from '../src/trainers/types';
import { PruningMonitor } from './pruning';
import { recordTrialOutcome } from './record';
import { runStaged } from './train-once';
import type { StoredTrialStatus, TrialTask } from './types';

const FLUSH_INTERVAL_MS = 500;
const HEARTBEAT_INTERVAL_MS = 1_000;

/** Buffers metric points and writes them in batches; a failed write keeps the points for the next flush. */
class MetricWriter {
  private buffer: MetricPoint[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db, private readonly trialId: string) {}

  add(point: MetricPoint): void {
    this.buffer.push(point);
  }

  flush(): Promise<void> {
    const write = async () => {
      const points = this.buffer;
      this.buffer = [];
      try {
        await recordTrialMetrics(this.db, this.trialId, points);
      } catch (error) {
        this.buffer = points.concat(this.buffer);
        throw error;
      }
    };
    // one write at a time, whether the previous one failed or not
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }
}

export function createRunTrialActivities({ db, trainers, dataDir, workerName }: ActivityDeps) {
  return {
    /** Runs one trial on this worker: heartbeats, streams metrics, and returns the outcome for the workflow to record. */
    async runTrial(task: TrialTask): Promise<StoredTrialStatus> {
      const context = Context.current();
      const trainer = trainers.get(task.trainer);
      if (!trainer) throw ApplicationFailure.nonRetryable(`trainer '${task.trainer}' is not registered on worker ${workerName}`, 'UnknownTrainer');
      const attempt = observeTrialAttempt({ searchId: task.searchId, trialId: task.trialId, ordinal: task.ordinal, trainer: task.trainer, attempt: context.info.attempt, worker: workerName });
      const metrics = new MetricWriter(db, task.trialId);
      let latest: ProgressReport | undefined;
      const heartbeat = () => context.heartbeat({ step: latest?.step ?? 0 });
      const ticker = setInterval(() => {
        heartbeat();
        metrics.flush().catch(() => undefined);
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
      try {
        const running = await persistently(() => markTrialRunning(db, task.trialId, context.info.attempt, workerName), cancellation);
        if (!running) throw ApplicationFailure.nonRetryable(`trial ${task.trialId} is already finished`, 'TrialFinished');
        const ctx: TrialContext = {
          searchId: task.searchId,
          trialId: task.trialId,
          ordinal: task.ordinal,
          attempt: context.info.attempt,
          params: task.params,
          seed: task.seed,
          workDir: path.join(dataDir, 'trials', task.searchId, String(task.ordinal)),
          signal,
          report(progress) {
            latest = progress;
            metrics.add(progress);
            pruning?.observe(progress);
          },
        };
        const run: Promise<TrialOutcome> = trainer.stages
          ? runStaged({ db, dataDir, trainer: trainer.name, trainKey: task.trainKey, holder: task.trialId, stages: trainer.stages, ctx })
          : trainer.run(ctx);
        const outcome = await run.catch((error: unknown): TrialOutcome => {
          if (!pruning?.decision || cancellation.aborted) throw error;
          const { step, reason } = pruning.decision;
          return { status: 'pruned', metrics: latest?.values ?? {}, error: `pruned at step ${step}: ${reason}`, prunedAtStep: step };
        });
        await persistently(() => metrics.flush(), cancellation);
        // the result is stored before the activity completes, retrying through database outages
        const status = await persistently(() => recordTrialOutcome(db, { trialId: task.trialId, objectiveMetric: task.objectiveMetric, outcome }), cancellation);
        attempt.finished(outcome);
        return { status };
      } catch (error) {
        attempt.aborted(error, cancellation.aborted);
        if (cancellation.aborted) throw cancellation.reason;
        throw error;
      } finally {
        clearInterval(ticker);
        cancellation.removeEventListener('abort', onCancel);
      }
    },
  };
}

