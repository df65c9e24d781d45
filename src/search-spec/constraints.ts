import { finiteMetrics } from '../search/outcome';
import type { Constraint } from './search-spec';

/** How a final value breaks its constraint (`constraints.<index>` of the spec), or undefined when it keeps it. */
function violation({ metric, max, min }: Constraint, index: number, value: number): string | undefined {
  if (max !== undefined && value > max) return `${metric} = ${value} is above its max ${max} (constraints.${index})`;
  if (min !== undefined && value < min) return `${metric} = ${value} is below its min ${min} (constraints.${index})`;
  return undefined;
}

/** The constrained metrics' final values in the spec's order, or undefined unless each is a finite number. */
export const constrainedValues = (constraints: readonly Constraint[], metrics: Readonly<Record<string, number>> | null | undefined): number[] | undefined =>
  finiteMetrics(metrics, constraints.map((c) => c.metric));

/** Each constraint the values (constrainedValues of the same constraints) break, in words; empty when they keep them all. */
export function constraintViolations(constraints: readonly Constraint[], values: readonly number[]): string[] {
  return constraints.flatMap((constraint, i) => violation(constraint, i, values[i]!) ?? []);
}
