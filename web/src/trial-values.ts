import { formatValue, spreadText } from '../../src/client/format';
import type { Search, Trial } from '../../src/client/index';

/** Each objective of a multi-objective search with its goal, and a trial's value of it: `maximize eval_accuracy` → `0.91`. */
export const objectiveValues = (objectives: NonNullable<Search['objectives']>, trial: Pick<Trial, 'metrics'>): [string, string][] =>
  objectives.map(({ metric, goal }) => [`${goal} ${metric}`, formatValue(trial.metrics?.[metric])]);

export interface MetricValue {
  name: string;
  value: string;
  /** The standard error of a mean over several evaluations; null for one evaluation. */
  stdError: string | null;
}

/** A trial's objective, then its other final metrics, each with its standard error where it has one. */
export function metricValues(trial: Pick<Trial, 'objective' | 'metrics' | 'stdErrors'>, objectiveMetric: string): MetricValue[] {
  const stdError = (name: string) => {
    const se = trial.stdErrors?.[name];
    return se === undefined || se === null ? null : spreadText(se);
  };
  const others = Object.entries(trial.metrics ?? {}).filter(([name]) => name !== objectiveMetric);
  return [
    { name: objectiveMetric, value: formatValue(trial.objective), stdError: stdError(objectiveMetric) },
    ...others.map(([name, value]) => ({ name, value: formatValue(value), stdError: stdError(name) })),
  ];
}
