import type { Observation } from './types';

/** A trial the objective can learn from: succeeded with a finite objective value. */
export function hasObjective(trial: Observation): boolean {
  return trial.status === 'succeeded' && trial.objective !== null && Number.isFinite(trial.objective);
}
