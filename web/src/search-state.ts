import { formatPercent } from '../../src/client/format';
import type { Search } from '../../src/client/index';
import { finalTrialStatuses, isSettledSearch, type SearchOutcomeReason } from '../../src/status';

type SearchState = Pick<Search, 'name' | 'status' | 'reason' | 'error' | 'progress'>;

/** What the search page says about where a search stands. */
export interface SearchStateText {
  /** Why it stands still or how it ended, in a sentence; null while it runs. */
  outcome: string | null;
  /** The trial counts in one line; a percentage that goes on only while the search can. */
  progress: string;
  /** What the best-trial card and the plots say while no trial has succeeded. */
  noSucceededTrial: string;
}

const endedText: Partial<Record<SearchOutcomeReason, string>> = {
  budget: 'Ended: ran its budget of trials.',
  exhausted: 'Ended: every point of the space was tried before the budget ran out.',
};

/** Why a failed search failed when it stored no error message. */
const failedWithoutError: Record<SearchOutcomeReason, string> = {
  budget: 'the sweep failed',
  exhausted: 'the sweep failed',
  'failure-budget': 'more trials failed than budget.maxFailedTrials allows',
  'all-trials-failed': 'no trial succeeded',
  'search-error': 'the search could not go on',
};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
/** Trials that ended with a result (cancelled ones run again on a resume). */
const completed = (progress: Search['progress']) => progress.finished - progress.cancelled;

function outcomeOf({ status, reason, error, progress }: SearchState): string | null {
  switch (status) {
    case 'queued':
      return 'Queued: no trial has started yet.';
    case 'running':
      return null;
    case 'succeeded':
      return (reason && endedText[reason]) ?? 'Ended.';
    case 'failed':
      if (reason === 'search-error' && error) return `Failed: the search could not go on: ${error}.`;
      return `Failed: ${error ?? failedWithoutError[reason ?? 'search-error']}.`;
    case 'cancelled':
      return `Cancelled: ${completed(progress)} of ${plural(progress.maxTrials, 'trial')} completed. Resume it to run the rest.`;
    case 'interrupted':
      return `Interrupted: its sweep could not be restarted${error ? ` (${error})` : ''}. Resume it to try again.`;
  }
}

function progressOf({ status, progress }: SearchState): string {
  const counted = `${progress.finished} / ${progress.maxTrials} trials`;
  if (!isSettledSearch(status)) {
    const parts = [counted, formatPercent(progress.percent), `running ${progress.running}`, `queued ${progress.queued}`, `failed ${progress.failed}`];
    if (progress.diverged > 0) parts.push(`diverged ${progress.diverged}`);
    if (progress.infeasible > 0) parts.push(`infeasible ${progress.infeasible}`);
    if (progress.cancelled > 0) parts.push(`cancelled ${progress.cancelled}`);
    return parts.join(' · ');
  }
  const reached = progress.finished >= progress.maxTrials ? formatPercent(progress.percent) : `stopped at ${formatPercent(progress.percent)}`;
  const ended = finalTrialStatuses.filter((s) => progress[s] > 0).map((s) => `${s} ${progress[s]}`);
  return [counted, reached, ...ended].join(' · ');
}

const noSucceededTrialText: Record<Search['status'], string> = {
  queued: 'waiting for the first succeeded trial',
  running: 'waiting for the first succeeded trial',
  succeeded: 'no trial succeeded',
  failed: 'no trial succeeded',
  cancelled: 'no trial succeeded before it was cancelled',
  interrupted: 'no trial succeeded before it was interrupted: resume it to go on',
};

export function searchStateText(search: SearchState): SearchStateText {
  return { outcome: outcomeOf(search), progress: progressOf(search), noSucceededTrial: noSucceededTrialText[search.status] };
}

/** The question a Cancel asks first: what stops and what is kept. */
export function cancelQuestion({ name, progress }: SearchState): string {
  const running = progress.running === 0 ? 'No trial is running now' : `${plural(progress.running, 'running trial')} will be stopped`;
  const queued = progress.queued === 0 ? '' : ` and ${plural(progress.queued, 'queued trial')} will not start`;
  const done = completed(progress);
  const kept = done === 0 ? 'No trial has completed yet' : `${plural(done, 'completed trial')} ${done === 1 ? 'is' : 'are'} kept`;
  return `Cancel “${name}”? ${running}${queued}. ${kept}; a resume runs the rest.`;
}
