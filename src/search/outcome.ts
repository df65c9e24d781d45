import type { ObservedTrial } from './types';

/** A trial the objective can learn from: succeeded with a finite objective value. */
export function hasObjective(trial: ObservedTrial): boolean {
  return trial.status === 'succeeded' && trial.objective !== null && Number.isFinite(trial.objective);
}
