import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { ConfirmationTask, SweepActivities, SweepState, TrialActivities, TrialTask } from '../activities/index';
import type { FinalTrialStatus } from '../src/status';
import type { TrialOutcome } from '../src/trainers/types';

export interface SweepInput {
  searchId: string;
  trialTaskQueue: string;
  /** A trial whose worker stops heartbeating this long is retried elsewhere. */
  trialHeartbeatTimeoutMs: number;
  trialMaxAttempts: number;
  /** Continue-as-new after launching this many trials, so history stays small. */
  trialsPerRun: number;
}

export interface SweepResult {
  status: 'succeeded' | 'failed';
  finished: number;
}

/** Infrastructure faults are retried without limit; the failure kinds of activities/failures.ts end a retry by being non-retryable. */
const UNLIMITED_RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' } as const;

/**
 * Bookkeeping activities take well under a second. Their timeout is what recovers an attempt whose
 * completion was lost (the worker finished it while Temporal was down), so it is kept short; suggesting
 * gets longer because a Gaussian process over thousands of trials takes seconds.
 */
const { loadSweep, recordTrial, finishSweep } = proxyActivities<SweepActivities>({ startToCloseTimeout: '1m', retry: UNLIMITED_RETRY });
const { suggestTrials, confirmationTasks } = proxyActivities<SweepActivities>({ startToCloseTimeout: '2m', retry: UNLIMITED_RETRY });

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}

/** The message of a sweep activity's failure that retrying cannot fix (see activities/failures.ts); otherwise rethrows. */
function permanentFailure(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) return error.cause.message;
  throw error;
}

/**
 * Re-evaluates the best trials, `parallelism` at a time. A confirmation that fails for good leaves its trial as it
 * was: the search's result does not depend on it.
 */
async function confirmBest(tasks: ConfirmationTask[], parallelism: number, confirmTrial: TrialActivities['confirmTrial']): Promise<void> {
  const queue = [...tasks];
  const slot = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      try {
        await confirmTrial(task);
      } catch (error) {
        if (isCancellation(error)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, queue.length) }, slot));
}

/**
 * Runs a search's sweep. An accepted cancel always ends it cancelled, whichever step it reaches: loading,
 * suggesting, trials, recording or finishing (a finish that a cancel interrupts is overwritten).
 */
export async function sweepWorkflow(input: SweepInput): Promise<SweepResult> {
  try {
    return await runSweep(input);
  } catch (error) {
    if (isCancellation(error)) await CancellationScope.nonCancellable(() => finishSweep({ searchId: input.searchId, status: 'cancelled', error: null }));
    throw error;
  }
}

async function runSweep(input: SweepInput): Promise<SweepResult> {
  const { runTrial, confirmTrial } = proxyActivities<TrialActivities>({
    taskQueue: input.trialTaskQueue,
    startToCloseTimeout: '7d',
    heartbeatTimeout: input.trialHeartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { ...UNLIMITED_RETRY, maximumAttempts: input.trialMaxAttempts },
  });
  const { searchId } = input;
  let state: SweepState;
  try {
    state = await loadSweep({ searchId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    await finishSweep({ searchId, status: 'failed', error: permanentFailure(error), reason: 'search-error' });
    return { status: 'failed', finished: 0 };
  }
  const queue: TrialTask[] = [...state.unfinished];
  const running = new Map<number, Promise<void>>();
  let { finished, failed, nextOrdinal } = state;
  let launched = 0;
  let exhausted = false;
  /** Why suggesting cannot go on: the sweep launches nothing more and ends failed. */
  let brokenSearch: string | null = null;

  /** runTrial stores the result itself; only a trial whose attempts all failed is recorded here. */
  const execute = async (task: TrialTask): Promise<void> => {
    let status: FinalTrialStatus;
    try {
      ({ status } = await runTrial(task));
    } catch (error) {
      if (isCancellation(error)) throw error;
      const cause = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      const outcome: TrialOutcome = { status: 'failed', metrics: {}, error: cause };
      status = await recordTrial({ trialId: task.trialId, objectiveMetric: state.objectiveMetric, outcome });
    }
    finished++;
    if (status === 'failed') failed++;
    running.delete(task.ordinal);
  };

  const tooManyFailures = () => failed > state.maxFailedTrials;
  const shouldLaunch = () =>
    brokenSearch === null && !tooManyFailures() && launched < input.trialsPerRun && !workflowInfo().continueAsNewSuggested;

  try {
    for (;;) {
      while (running.size < state.parallelism && shouldLaunch()) {
        if (queue.length === 0) {
          const room = Math.min(state.parallelism - running.size, state.maxTrials - finished - running.size);
          if (room <= 0 || exhausted) break;
          let suggested: TrialTask[];
          try {
            suggested = await suggestTrials({ searchId, ordinals: range(nextOrdinal, room) });
          } catch (error) {
            if (isCancellation(error)) throw error;
            brokenSearch = permanentFailure(error);
            break;
          }
          nextOrdinal += room;
          if (suggested.length < room) exhausted = true;
          queue.push(...suggested);
          if (queue.length === 0) break;
        }
        const task = queue.shift()!;
        launched++;
        running.set(task.ordinal, execute(task));
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } catch (error) {
    // cancelled trials end once their trainers have stopped; the search is finished by sweepWorkflow
    if (isCancellation(error)) await Promise.allSettled(running.values());
    throw error;
  }

  if (brokenSearch === null && !tooManyFailures() && !exhausted && finished < state.maxTrials) {
    await continueAsNew<typeof sweepWorkflow>(input);
  }
  if (state.confirm && brokenSearch === null && !tooManyFailures()) await confirmBest(await confirmationTasks({ searchId }), state.parallelism, confirmTrial);
  const error = brokenSearch ?? (tooManyFailures() ? `${failed} trials failed, more than budget.maxFailedTrials (${state.maxFailedTrials})` : null);
  const reason = brokenSearch !== null ? 'search-error' : tooManyFailures() ? 'failure-budget' : exhausted ? 'exhausted' : 'budget';
  const status = await finishSweep({ searchId, status: error === null ? 'succeeded' : 'failed', error, reason });
  return { status: status === 'failed' ? 'failed' : 'succeeded', finished };
}
