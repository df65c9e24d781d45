import type { Trial } from '../../../src/client/index';
import type { ChartOption } from './echarts';
import { edfPoints } from './edf-points';
import { scoredTrials } from './history';

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
