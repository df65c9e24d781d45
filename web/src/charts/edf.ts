import type { Trial } from '../../../src/client/index';
import type { ChartOption } from './echarts';
import { scoredTrials } from './history';

/**
 * The empirical distribution function of the objectives as step points: (v, fraction of values ≤ v) at each
 * distinct value, after (lowest, 0), to draw with `step: 'end'`.
 */
export function edfPoints(objectives: readonly number[]): [number, number][] {
  const sorted = [...objectives].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const points: [number, number][] = [[sorted[0]!, 0]];
  sorted.forEach((value, i) => {
    if (sorted[i + 1] !== value) points.push([value, (i + 1) / sorted.length]);
  });
  return points;
}

/** The share of succeeded trials whose objective is at most x, against x. */
export function edfOption(trials: readonly Trial[], metric: string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 20, top: 20, bottom: 44 },
    xAxis: { type: 'value', name: metric, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'cumulative share', min: 0, max: 1 },
    series: [{ name: 'share of trials', type: 'line', step: 'end', showSymbol: false, lineStyle: { width: 2 }, data: edfPoints(scoredTrials(trials).map((t) => t.objective)) }],
  };
}
