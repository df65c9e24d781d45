import type { TrialOutcome } from '../trainers/types';
import { childLogger } from './logger';
import { suggestionLatency, trialDuration } from './process-metrics';

export interface TrialIdentity {
  searchId: string;
  trialId: string;
  ordinal: number;
  trainer: string;
  attempt: number;
  worker: string;
}

/** Logs a trial attempt's start and end and observes its duration. */
export function observeTrialAttempt(trial: TrialIdentity) {
  const log = childLogger(trial);
  const stopTimer = trialDuration.startTimer({ trainer: trial.trainer });
  log.info('trial started');
  return {
    finished(outcome: TrialOutcome): void {
      const seconds = stopTimer({ status: outcome.status });
      log.info({ status: outcome.status, seconds, ...('error' in outcome ? { error: outcome.error } : {}) }, 'trial finished');
    },
    aborted(error: unknown, cancelled: boolean): void {
      const seconds = stopTimer({ status: cancelled ? 'cancelled' : 'error' });
      log.warn({ seconds, cancelled, error: (error as Error)?.message ?? String(error) }, cancelled ? 'trial cancelled' : 'trial attempt failed');
    },
  };
}

/** Runs the search algorithm's `suggest`, timing and logging it. */
export function observeSuggestion<T extends unknown[]>(searchId: string, algorithm: string, ordinals: number[], suggest: () => T): T {
  const stopTimer = suggestionLatency.startTimer({ algorithm });
  const suggestions = suggest();
  const seconds = stopTimer();
  childLogger({ searchId }).info({ algorithm, ordinals, seconds }, 'suggested trials');
  return suggestions;
}
