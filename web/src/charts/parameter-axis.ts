import { formatValue } from '../../../src/client/format';
import type { SearchParameter } from '../../../src/client/index';

/** Category labels longer than this many pixels are cut with an ellipsis; tooltips carry the full value. */
const CATEGORY_LABEL_WIDTH = 90;

/** How a parameter lies along an axis: the part of an ECharts axis option that depends on the parameter. */
export type ParameterAxis =
  | { type: 'value'; min: number; max: number; minInterval?: number; axisLabel: { formatter: (value: number) => string } }
  | { type: 'log'; min: number; max: number; logBase: number; axisLabel: { formatter: (value: number) => string } }
  | { type: 'category'; data: string[]; axisLabel: { width: number; overflow: 'truncate'; interval: 0 } };

/** Powers of ten over a decade or more; under a decade there would be none inside the range, so powers of two. */
export const logBaseFor = (low: number, high: number): number => (high / low >= 10 ? 10 : 2);

/** The parameters that can take more than one value in the space: the ones to plot. */
export const varyingInSpace = (parameters: readonly SearchParameter[]) => parameters.filter((p) => p.values === undefined || p.values.length > 1);

/**
 * The axis for a parameter, spanning its range in the space: log for `log: true`, ticks only at integers for `int`,
 * one category per listed value, in the spec's order.
 */
export function parameterAxis(parameter: SearchParameter): ParameterAxis {
  if (parameter.type === 'categorical')
    return { type: 'category', data: parameter.values.map(categoryOf), axisLabel: { width: CATEGORY_LABEL_WIDTH, overflow: 'truncate', interval: 0 } };
  const range = { min: parameter.low, max: parameter.high, axisLabel: { formatter: formatValue } };
  if (parameter.log) return { type: 'log', ...range, logBase: logBaseFor(parameter.low, parameter.high) };
  return parameter.type === 'int' ? { type: 'value', ...range, minInterval: 1 } : { type: 'value', ...range };
}

/** A categorical value as a category axis names it. */
export const categoryOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Where a trial's value goes on the parameter's axis: the number itself, or its category. */
export const axisValue = (parameter: SearchParameter, value: unknown): number | string => (parameter.type === 'categorical' ? categoryOf(value) : (value as number));
