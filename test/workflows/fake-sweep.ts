import { Context } from '@temporalio/activity';
import { withFailureKinds } from '../../activities/failures';
import type { ConfirmationTask, StoredTrialStatus, SweepActivities, SweepState, TrialActivities, TrialTask } from '../../activities/index';
import type { FinishSweepInput } from '../../activities/sweep-state';
import { isFinalTrial, type FinalTrialStatus, type SearchStatus, type TrialStatus } from '../../src/status';

export interface FakeSweepOptions {
  maxTrials: number;
  parallelism: number;
  maxFailedTrials?: number;
  /** Points in the search space: suggesting past them returns fewer trials than asked. */
  spaceSize?: number;
  /** What the trainer does with a trial (default: succeeds at once); throwing fails the attempt. */
  train?: (task: TrialTask) => Promise<FinalTrialStatus>;
  /** Replaces suggesting, e.g. to block or throw; `call` counts suggestTrials calls from 1, retries included. */
  suggest?: (ordinals: number[], call: number) => Promise<void>;
  /** Replaces loading, e.g. to throw. */
  load?: () => Promise<void>;
  /** Runs as the sweep is finished, e.g. to block until cancelled. */
  finish?: (ending: FinishSweepInput) => Promise<void>;
  /** The spec confirms this many of the succeeded trials (the lowest ordinals) when the sweep ends. */
  confirmTopK?: number;
  /** What re-evaluating a trial does (default: confirms it); throwing fails the attempt. */
  confirm?: (task: ConfirmationTask) => Promise<void>;
}

/**
 * The sweep and trial activities over an in-memory search, recording every call: what the workflow
 * asked for, in which order, and how the search ended. Errors are mapped like the real ones'.
 */
export class FakeSweep {
  readonly searchId = 'fake-search';
  /** Trial status by ordinal. */
  readonly trials = new Map<number, TrialStatus>();
  readonly loads: number[] = [];
  readonly suggestCalls: { ordinals: number[]; returned: number }[] = [];
  /** One entry per runTrial attempt, in order. */
  readonly attempts: { ordinal: number; attempt: number }[] = [];
  readonly recorded: { ordinal: number; status: FinalTrialStatus; error: string | null }[] = [];
  /** How the workflow said the sweep ended. */
  readonly finishes: FinishSweepInput[] = [];
  /** One entry per confirmTrial attempt: the ordinal, and how many trials had a final status then. */
  readonly confirmations: { ordinal: number; finished: number }[] = [];
  /** Ordinals whose runTrial saw its cancellation. */
  readonly cancelledTrials: number[] = [];

  constructor(private readonly options: FakeSweepOptions) {}

  private task(ordinal: number): TrialTask {
    return {
      searchId: this.searchId,
      trialId: `trial-${ordinal}`,
      ordinal,
      params: { x: ordinal },
      trainParams: { x: ordinal },
      trainKey: `key-${ordinal}`,
      trainer: 'fake',
      seed: 0,
      objectiveMetric: 'loss',
    };
  }

  private ordinalOf(trialId: string): number {
    return Number(trialId.slice('trial-'.length));
  }

  activities(): SweepActivities & TrialActivities {
    const { options } = this;
    const sweep: SweepActivities = withFailureKinds({
      loadSweep: async (): Promise<SweepState> => {
        this.loads.push(Context.current().info.attempt);
        await options.load?.();
        const statuses = [...this.trials.values()];
        return {
          maxTrials: options.maxTrials,
          parallelism: options.parallelism,
          maxFailedTrials: options.maxFailedTrials ?? options.maxTrials,
          objectiveMetric: 'loss',
          finished: statuses.filter(isFinalTrial).length,
          failed: statuses.filter((s) => s === 'failed').length,
          nextOrdinal: this.trials.size,
          unfinished: [...this.trials].filter(([, s]) => !isFinalTrial(s)).map(([o]) => this.task(o)),
          ...(options.confirmTopK ? { confirm: true } : {}),
        };
      },
      suggestTrials: async ({ ordinals }: { searchId: string; ordinals: number[] }): Promise<TrialTask[]> => {
        const call = { ordinals, returned: 0 };
        this.suggestCalls.push(call);
        await options.suggest?.(ordinals, this.suggestCalls.length);
        const inSpace = ordinals.filter((o) => o < (options.spaceSize ?? Infinity));
        for (const o of inSpace) if (!this.trials.has(o)) this.trials.set(o, 'queued');
        call.returned = inSpace.length;
        return inSpace.map((o) => this.task(o));
      },
      recordTrial: async ({ trialId, outcome }) => {
        const ordinal = this.ordinalOf(trialId);
        this.trials.set(ordinal, outcome.status);
        this.recorded.push({ ordinal, status: outcome.status, error: 'error' in outcome ? outcome.error : null });
        return outcome.status;
      },
      confirmationTasks: async (): Promise<ConfirmationTask[]> =>
        [...this.trials]
          .filter(([, s]) => s === 'succeeded')
          .sort(([a], [b]) => a - b)
          .slice(0, options.confirmTopK)
          .map(([o]) => ({ ...this.task(o), evaluations: { from: 1, count: 2 } })),
      finishSweep: async (ending: FinishSweepInput): Promise<SearchStatus> => {
        this.finishes.push(ending);
        await options.finish?.(ending);
        return ending.status;
      },
    });
    const trial: TrialActivities = {
      runTrial: async (task: TrialTask): Promise<StoredTrialStatus> => {
        this.attempts.push({ ordinal: task.ordinal, attempt: Context.current().info.attempt });
        this.trials.set(task.ordinal, 'running');
        const status = options.train ? await options.train(task) : 'succeeded';
        this.trials.set(task.ordinal, status);
        return { status };
      },
      confirmTrial: async (task: ConfirmationTask) => {
        this.confirmations.push({ ordinal: task.ordinal, finished: [...this.trials.values()].filter(isFinalTrial).length });
        await options.confirm?.(task);
        return { confirmed: true, error: null };
      },
    };
    return { ...sweep, ...trial };
  }

  /** A trainer that heartbeats until its activity is cancelled, then stops (the trial ends up `cancelled`). */
  readonly trainUntilCancelled = async (task: TrialTask): Promise<FinalTrialStatus> => {
    await heartbeatUntilCancelled();
    this.cancelledTrials.push(task.ordinal);
    throw Context.current().cancellationSignal.reason;
  };

  /** Launched ordinals, each once, in launch order. */
  launchedOrdinals(): number[] {
    return [...new Set(this.attempts.map((a) => a.ordinal))];
  }
}

/** Heartbeats (which is how an activity learns of its cancellation) until the current activity is cancelled. */
export async function heartbeatUntilCancelled(): Promise<void> {
  const context = Context.current();
  while (!context.cancellationSignal.aborted) {
    context.heartbeat();
    await context.sleep(50).catch(() => undefined);
  }
}
