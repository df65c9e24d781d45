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

/** The values of these metrics among a trial's final metrics, in order; undefined unless each is a finite number. */
export function finiteMetrics(metrics: Readonly<Record<string, number | null>> | null | undefined, names: readonly string[]): number[] | undefined {
  const values = names.map((name) => metrics?.[name]);
  return values.every((v): v is number => typeof v === 'number' && Number.isFinite(v)) ? values : undefined;
}

/** A succeeded trial's value of each objective, from its final metrics; undefined when one is missing or not finite. */
export function objectiveValues(trial: { status: string; metrics: Readonly<Record<string, number | null>> | null }, objectives: readonly { metric: string }[]): number[] | undefined {
  return trial.status === 'succeeded' ? finiteMetrics(trial.metrics, objectives.map((o) => o.metric)) : undefined;
}
