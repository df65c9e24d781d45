import type { Goal } from './types';

/**
 * A trial's repeated evaluations, summarised: per metric the mean over `count` evaluations and, from two on,
 * its standard error (sample standard deviation / √count). A single evaluation has no standard errors.
 */
export interface EvaluationSummary {
  count: number;
  means: Record<string, number>;
  stdErrors: Record<string, number> | null;
}

/** The two-sided level of the intervals the API shows and the best trial is chosen by. */
export const intervalLevel = 0.95;

/** Student's t 0.975 quantiles for 1..30 degrees of freedom. */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with `df` degrees of freedom (beyond 30: the normal's with the first Cornish–Fisher term). */
export function studentT975(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  if (df <= t975.length) return t975[Math.floor(df) - 1]!;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df);
}

/** The metrics every evaluation reported, averaged, with standard errors from two evaluations on. */
export function summarizeEvaluations(evaluations: readonly Record<string, number>[]): EvaluationSummary {
  const count = evaluations.length;
  const names = Object.keys(evaluations[0] ?? {}).filter((name) => evaluations.every((e) => Number.isFinite(e[name])));
  const means: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  for (const name of names) {
    const values = evaluations.map((e) => e[name]!);
    const mean = values.reduce((a, b) => a + b, 0) / count;
    means[name] = mean;
    if (count > 1) stdErrors[name] = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (count - 1) / count);
  }
  return { count, means, stdErrors: count > 1 ? stdErrors : null };
}

/** The t interval of a mean at `intervalLevel`; undefined without a standard error. */
export function meanInterval(mean: number, stdError: number | undefined, count: number): { low: number; high: number } | undefined {
  if (stdError === undefined || count < 2) return undefined;
  const half = studentT975(count - 1) * stdError;
  return { low: mean - half, high: mean + half };
}

/**
 * The end of the interval the goal fears: its lower end when maximising, upper when minimising. The best trial
 * of a search whose trials have intervals is the one with the best such bound, so that a lucky single value does
 * not beat a well-measured one.
 */
export function pessimisticBound(goal: Goal, mean: number, stdError: number | undefined, count: number): number | null {
  const interval = meanInterval(mean, stdError, count);
  if (!interval) return null;
  return goal === 'maximize' ? interval.low : interval.high;
}
