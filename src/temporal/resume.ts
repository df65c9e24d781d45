import {
  countTrialsByStatus,
  getSearch,
  unfinishedSearches,
  recordSearchEvent,
  requeueCancelledTrials,
  requeueSearch,
  type Db,
  type SearchEventKind,
  type SearchRow,
} from '../db/index';
import type { TrainerDescriptor } from '../trainers/types';
import type { SweepControl } from './sweep-control';

export type ResumeOutcome =
  | { resumed: true; search: SearchRow; requeuedTrials: number[]; finishedTrials: number }
  | { resumed: false; search: SearchRow; reason: 'running' | 'complete' };

export class ResumeRejected extends Error {
  constructor(readonly field: string | undefined, message: string) {
    super(message);
  }
}

export interface ResumeDeps {
  db: Db;
  sweeps: SweepControl;
  trainers: ReadonlyMap<string, TrainerDescriptor>;
}

/**
 * Restarts a search's sweep from what Postgres holds, unless its workflow still runs (then nothing happens).
 * Finished trials stay as they are; cancelled ones are queued again; the new run continues the ordinals.
 */
export async function resumeSearch(deps: ResumeDeps, search: SearchRow, options: { maxTrials?: number; kind?: SearchEventKind } = {}): Promise<ResumeOutcome> {
  const { db, sweeps } = deps;
  // a sweep that has just ended (cancelled, finished) closes its workflow a moment after the database says so
  const ending = search.status === 'cancelled' || search.status === 'succeeded' || search.status === 'failed';
  if (ending && (await sweeps.isRunning(search.id))) await sweeps.waitForClose(search.id, 10_000);
  if (await sweeps.isRunning(search.id)) {
    if (options.maxTrials !== undefined) throw new ResumeRejected('maxTrials', 'the sweep is still running; extend its budget once it has finished');
    return { resumed: false, search, reason: 'running' };
  }
  const counts = await countTrialsByStatus(db, search.id);
  const finished = counts.succeeded + counts.failed + counts.diverged + counts.pruned;
  const resolved = structuredClone(search.resolved);
  const previousMaxTrials = resolved.budget.maxTrials;
  if (options.maxTrials !== undefined) {
    if (options.maxTrials < finished) throw new ResumeRejected('maxTrials', `maxTrials (${options.maxTrials}) is below the ${finished} trials already finished`);
    if (resolved.gridSize !== null && resolved.algorithm === 'grid' && options.maxTrials > resolved.gridSize)
      throw new ResumeRejected('maxTrials', `maxTrials (${options.maxTrials}) exceeds the ${resolved.gridSize} points of the grid`);
    resolved.budget.maxTrials = options.maxTrials;
    if (resolved.budget.maxFailedTrials === previousMaxTrials) resolved.budget.maxFailedTrials = options.maxTrials;
  }
  if (finished >= resolved.budget.maxTrials && counts.cancelled === 0 && counts.queued === 0 && counts.running === 0) {
    return { resumed: false, search, reason: 'complete' };
  }
  const requeuedTrials = await requeueCancelledTrials(db, search.id);
  await requeueSearch(db, search.id, resolved);
  await recordSearchEvent(db, search.id, options.kind ?? (options.maxTrials !== undefined ? 'extended' : 'resumed'), {
    previousStatus: search.status,
    finishedTrials: finished,
    requeuedTrials,
    unfinishedTrials: counts.queued + counts.running,
    ...(options.maxTrials !== undefined ? { maxTrials: { from: previousMaxTrials, to: options.maxTrials } } : {}),
  });
  await sweeps.start(search.id, deps.trainers.get(resolved.trainer.name)?.taskQueue);
  return { resumed: true, search: (await getSearch(db, search.id))!, requeuedTrials, finishedTrials: finished };
}

/** Resumes every search that should be running but has no open workflow (after a restart, a lost history). */
export async function recoverInterruptedSearches(deps: ResumeDeps): Promise<string[]> {
  const recovered: string[] = [];
  for (const search of await unfinishedSearches(deps.db)) {
    const outcome = await resumeSearch(deps, search, { kind: 'recovered' });
    if (outcome.resumed) recovered.push(search.id);
  }
  return recovered;
}
