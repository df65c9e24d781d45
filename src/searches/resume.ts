import {
  countTrialsByStatus,
  getSearch,
  lastSearchCommand,
  markSearchCancelled,
  markSearchFinished,
  markSearchInterrupted,
  openSearches,
  recordSearchEvent,
  requeueCancelledTrials,
  requeueSearch,
  type SearchEventKind,
  type SearchRow,
} from '../db/index';
import { completedCount, honestOutcome, isFinalSearch, isOpenSearch, openCount } from '../status';
import type { Caller, SearchDeps } from './deps';
import { ResumeRejected, TrainerNotOffered } from './errors';
import { findOwnSearch } from './read';

export type ResumeOutcome =
  | { resumed: true; search: SearchRow; requeuedTrials: number[]; completedTrials: number }
  | { resumed: false; search: SearchRow; reason: 'running' | 'complete' };

export interface ResumeOptions {
  /** A new budget: extends a finished search. */
  maxTrials?: number;
  /** Trials the resumed sweep runs at once. */
  parallelism?: number;
  kind?: Extract<SearchEventKind, 'resumed' | 'extended' | 'recovered'>;
}

/** How long a resume waits for a sweep that has just ended to close its workflow. */
const CLOSING_WAIT_MS = 10_000;

/**
 * Restarts a search's sweep from what the database holds, unless its workflow still runs (then nothing
 * happens), with a new maxTrials or parallelism when given. Completed trials stay; cancelled ones are queued
 * again; the new run continues the ordinals.
 * Of concurrent resumes of one search, one resumes and the others answer `running`: a resume whose view of the
 * search is stale changes nothing, and only the one that starts the workflow records the event.
 */
export async function resumeSearch(deps: SearchDeps, search: SearchRow, options: ResumeOptions = {}): Promise<ResumeOutcome> {
  const { db, sweeps } = deps;
  // a sweep that has just ended closes its workflow a moment after the database says so
  if (isFinalSearch(search.status) && (await sweeps.isRunning(search.id))) await sweeps.waitForClose(search.id, CLOSING_WAIT_MS);
  if (await sweeps.isRunning(search.id)) {
    if (options.maxTrials !== undefined) throw new ResumeRejected('maxTrials', 'the sweep is still running; extend its budget once it has finished');
    if (options.parallelism !== undefined) throw new ResumeRejected('parallelism', 'the sweep is still running; change its parallelism when resuming it after a cancel or once it has finished');
    return { resumed: false, search, reason: 'running' };
  }
  const counts = await countTrialsByStatus(db, search.id);
  const completed = completedCount(counts);
  const resolved = structuredClone(search.resolved);
  const previousMaxTrials = resolved.budget.maxTrials;
  if (options.maxTrials !== undefined) {
    if (options.maxTrials < completed) throw new ResumeRejected('maxTrials', `maxTrials (${options.maxTrials}) is below the ${completed} trials already finished`);
    if (resolved.gridSize !== null && resolved.algorithm === 'grid' && options.maxTrials > resolved.gridSize)
      throw new ResumeRejected('maxTrials', `maxTrials (${options.maxTrials}) exceeds the ${resolved.gridSize} points of the grid`);
    resolved.budget.maxTrials = options.maxTrials;
    if (resolved.budget.maxFailedTrials === previousMaxTrials) resolved.budget.maxFailedTrials = options.maxTrials;
  }
  const previousParallelism = resolved.budget.parallelism;
  if (options.parallelism !== undefined) resolved.budget.parallelism = options.parallelism;
  if (completed >= resolved.budget.maxTrials && counts.cancelled === 0 && openCount(counts) === 0) {
    // every trial is final but the sweep ended before saying so (it was stopped while finishing)
    if (isOpenSearch(search.status)) {
      const { status, error, reason } = honestOutcome({ status: 'succeeded', error: null, reason: 'budget' }, counts);
      await markSearchFinished(db, search.id, status, error, reason);
      await recordSearchEvent(db, search.id, 'recovered-as-finished', { previousStatus: search.status, finishedTrials: completed });
    }
    return { resumed: false, search: (await getSearch(db, search.id))!, reason: 'complete' };
  }
  const trainer = (await deps.trainers.offered()).get(resolved.trainer.name);
  if (!trainer) throw new TrainerNotOffered(resolved.trainer.name);
  if (!(await requeueSearch(db, search, resolved))) return { resumed: false, search: (await getSearch(db, search.id))!, reason: 'running' };
  const requeuedTrials = await requeueCancelledTrials(db, search.id);
  // the engine keeps one open run per search: of resumes that got this far, the one that starts it resumed
  if (!(await sweeps.start(search.id, trainer.taskQueue))) return { resumed: false, search: (await getSearch(db, search.id))!, reason: 'running' };
  await recordSearchEvent(db, search.id, options.kind ?? (options.maxTrials !== undefined ? 'extended' : 'resumed'), {
    previousStatus: search.status,
    finishedTrials: completed,
    requeuedTrials,
    unfinishedTrials: openCount(counts),
    ...(options.maxTrials !== undefined ? { maxTrials: { from: previousMaxTrials, to: options.maxTrials } } : {}),
    ...(options.parallelism !== undefined ? { parallelism: { from: previousParallelism, to: options.parallelism } } : {}),
  });
  return { resumed: true, search: (await getSearch(db, search.id))!, requeuedTrials, completedTrials: completed };
}

/** Resumes a search the caller owns. */
export async function resumeOwnSearch(deps: SearchDeps, id: string, caller: Caller, options: Pick<ResumeOptions, 'maxTrials' | 'parallelism'> = {}): Promise<ResumeOutcome> {
  return resumeSearch(deps, await findOwnSearch(deps.db, id, caller), options);
}

export interface RecoveryOptions {
  /**
   * How long a search whose trainer no live worker offers yet is retried before it is marked interrupted:
   * after a restart of the whole deployment, workers register their trainers seconds after the API is up.
   */
  trainerWaitMs?: number;
}

const TRAINER_RETRY_MS = 2_000;

/**
 * Resumes every search that should be running but has no open workflow (after a restart, a lost history).
 * A search whose last accepted command was a cancel is ended cancelled instead: recovery never undoes a
 * cancel. One that cannot be resumed is marked interrupted with the reason; the others still recover.
 */
export async function recoverInterruptedSearches(deps: SearchDeps, { trainerWaitMs = 0 }: RecoveryOptions = {}): Promise<{ recovered: string[]; interrupted: string[] }> {
  const recovered: string[] = [];
  const interrupted: string[] = [];
  const giveUpAt = Date.now() + trainerWaitMs;
  let pending = await openSearches(deps.db);
  for (;;) {
    const waitingForTrainer: SearchRow[] = [];
    for (const search of pending) {
      if ((await lastSearchCommand(deps.db, search.id)) === 'cancel-requested' && !(await deps.sweeps.isRunning(search.id))) {
        await markSearchCancelled(deps.db, search.id);
        await recordSearchEvent(deps.db, search.id, 'recovered-as-cancelled', { previousStatus: search.status });
        continue;
      }
      try {
        const outcome = await resumeSearch(deps, search, { kind: 'recovered' });
        if (outcome.resumed) recovered.push(search.id);
      } catch (error) {
        if (!(error instanceof ResumeRejected)) throw error;
        if (error instanceof TrainerNotOffered && Date.now() < giveUpAt) waitingForTrainer.push(search);
        else {
          await markSearchInterrupted(deps.db, search.id, `could not recover: ${error.message}`);
          interrupted.push(search.id);
        }
      }
    }
    if (waitingForTrainer.length === 0) return { recovered, interrupted };
    await new Promise((resolve) => setTimeout(resolve, Math.min(TRAINER_RETRY_MS, Math.max(0, giveUpAt - Date.now()))));
    // read again: a user may have cancelled or resumed one meanwhile
    const waiting = new Set(waitingForTrainer.map((s) => s.id));
    pending = (await openSearches(deps.db)).filter((s) => waiting.has(s.id));
  }
}
