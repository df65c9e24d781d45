/**
 * The status model of searches and trials, and the only place that groups statuses. The server, the
 * workers, the CLI and the dashboard all ask these sets and predicates.
 *
 * Words, as used everywhere:
 * - an *open* search should have a sweep workflow running it (recovery starts one for it after a restart);
 * - a *final* search or trial has ended and changes no more unless the user resumes the search;
 * - a *settled* search makes no progress by itself: it is final, or interrupted (its sweep cannot be
 *   restarted without help, see `interrupted`), so watchers stop waiting for it;
 * - a *finished* trial has a final status, cancelled included: progress counts it;
 * - a *completed* trial finished with a result the search learns from (every final status but cancelled):
 *   it counts toward `budget.maxTrials`, while a cancelled trial runs again when its search resumes.
 */

export const searchStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type SearchStatus = (typeof searchStatuses)[number];

/**
 * `interrupted`: the search should run but its sweep could not be restarted at recovery (for example its
 * trainer is no longer registered); a resume retries.
 */
export const openSearchStatuses = ['queued', 'running', 'interrupted'] as const satisfies readonly SearchStatus[];
export const finalSearchStatuses = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly SearchStatus[];
export const settledSearchStatuses = [...finalSearchStatuses, 'interrupted'] as const satisfies readonly SearchStatus[];
/** Settled in a way the user did not ask for: the CLI exits non-zero for these. */
export const unsuccessfulSearchStatuses = ['failed', 'cancelled', 'interrupted'] as const satisfies readonly SearchStatus[];

export type OpenSearchStatus = (typeof openSearchStatuses)[number];
export type FinalSearchStatus = (typeof finalSearchStatuses)[number];

/**
 * Why a sweep ended (a cancelled search has none): `budget` ran budget.maxTrials; `exhausted` ran out of
 * points of a finite space first; `failure-budget` had more failed trials than budget.maxFailedTrials;
 * `all-trials-failed` ended without a single succeeded trial (the search fails); `search-error`: the
 * search could not go on (it is gone, its stored spec no longer resolves, or its search algorithm failed).
 */
export const searchOutcomeReasons = ['budget', 'exhausted', 'failure-budget', 'all-trials-failed', 'search-error'] as const;
export type SearchOutcomeReason = (typeof searchOutcomeReasons)[number];

/** `infeasible`: the trial ran to the end but its metrics break one of the spec's constraints (its error says which). */
export const trialStatuses = ['queued', 'running', 'succeeded', 'failed', 'diverged', 'infeasible', 'pruned', 'cancelled'] as const;
export type TrialStatus = (typeof trialStatuses)[number];

/** Handed out and not finished: what the trial queue holds. */
export const openTrialStatuses = ['queued', 'running'] as const satisfies readonly TrialStatus[];
export const finalTrialStatuses = ['succeeded', 'failed', 'diverged', 'infeasible', 'pruned', 'cancelled'] as const satisfies readonly TrialStatus[];
export const completedTrialStatuses = ['succeeded', 'failed', 'diverged', 'infeasible', 'pruned'] as const satisfies readonly TrialStatus[];

export type OpenTrialStatus = (typeof openTrialStatuses)[number];
export type FinalTrialStatus = (typeof finalTrialStatuses)[number];
export type CompletedTrialStatus = (typeof completedTrialStatuses)[number];

const member =
  <T extends string>(set: readonly T[]) =>
  (status: string): status is T =>
    (set as readonly string[]).includes(status);

export const isOpenSearch = member<OpenSearchStatus>(openSearchStatuses);
export const isFinalSearch = member<FinalSearchStatus>(finalSearchStatuses);
export const isSettledSearch = member<SearchStatus>(settledSearchStatuses);
export const isUnsuccessfulSearch = member<SearchStatus>(unsuccessfulSearchStatuses);

export const isOpenTrial = member<OpenTrialStatus>(openTrialStatuses);
export const isFinalTrial = member<FinalTrialStatus>(finalTrialStatuses);
export const isCompletedTrial = member<CompletedTrialStatus>(completedTrialStatuses);

/** Ran to the end with its final metrics: succeeded, or infeasible (it broke a constraint). */
export const ranToTheEnd = (status: TrialStatus): status is 'succeeded' | 'infeasible' => status === 'succeeded' || status === 'infeasible';

export type TrialCounts = Record<TrialStatus, number>;

export const noTrials = (): TrialCounts => Object.fromEntries(trialStatuses.map((status) => [status, 0])) as TrialCounts;

const sum = (counts: TrialCounts, set: readonly TrialStatus[]) => set.reduce((total, status) => total + counts[status], 0);
/** Trials with a final status, cancelled included. */
export const finishedCount = (counts: TrialCounts) => sum(counts, finalTrialStatuses);
/** Trials that count toward the budget. */
export const completedCount = (counts: TrialCounts) => sum(counts, completedTrialStatuses);
export const openCount = (counts: TrialCounts) => sum(counts, openTrialStatuses);
/** Every trial, whatever its status. */
export const trialCount = (counts: TrialCounts) => sum(counts, trialStatuses);

/** How a sweep that stopped on its own ended. */
export interface SearchOutcome {
  status: 'succeeded' | 'failed';
  error: string | null;
  reason: SearchOutcomeReason;
}

/** The outcome to store for a sweep that stopped as `stopped` with these trials: without a single succeeded trial it failed. */
export function honestOutcome(stopped: SearchOutcome, counts: TrialCounts): SearchOutcome {
  if (stopped.status === 'failed' || counts.succeeded > 0) return stopped;
  const ended = completedTrialStatuses.filter((status) => counts[status] > 0).map((status) => `${counts[status]} ${status}`);
  return { status: 'failed', error: `no trial succeeded (${ended.join(', ') || 'none completed'})`, reason: 'all-trials-failed' };
}
