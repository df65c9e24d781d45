import type { Observation } from './types';

/** A trial the objective can learn from: succeeded with a finite objective value. */
export function hasObjective(trial: Observation): boolean {
  return trial.status === 'succeeded' && trial.objective !== null && Number.isFinite(trial.objective);
}

/** A trial whose objective value the objective model learns from: one that has an objective, or an infeasible one with a finite value. */
export function hasObjectiveValue(trial: Observation): boolean {
  return hasObjective(trial) || (trial.status === 'infeasible' && trial.objective !== null && Number.isFinite(trial.objective));
}

/** A trial every objective can learn from: succeeded with `count` objective values, all finite. */
export function hasObjectives(trial: Observation, count: number): boolean {
  return trial.status === 'succeeded' && trial.objectives != null && trial.objectives.length === count && trial.objectives.every(Number.isFinite);
}
