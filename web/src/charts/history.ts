import type { Trial } from '../../../src/client/index';
import type { ChartOption } from './echarts';

export type Goal = 'minimize' | 'maximize';

/** Succeeded trials with an objective, by ordinal. */
export const scoredTrials = (trials: readonly Trial[]) =>
  trials.filter((t): t is Trial & { objective: number } => t.status === 'succeeded' && t.objective !== null).sort((a, b) => a.ordinal - b.ordinal);

/** The best objective among trials 0..n, for each scored trial n. */
export function bestSoFar(scored: readonly { ordinal: number; objective: number }[], goal: Goal): [number, number][] {
  const better = goal === 'maximize' ? Math.max : Math.min;
  let best: number | undefined;
  return scored.map((t) => {
    best = best === undefined ? t.objective : better(best, t.objective);
    return [t.ordinal, best];
  });
}

/** Objective of every trial, and the best so far, against the trial number. */
export function historyOption(trials: readonly Trial[], metric: string, goal: Goal): ChartOption {
  const scored = scoredTrials(trials);
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    // axis names sit beside their axes, clear of the legend on top; the grid shrinks to hold them
    grid: { left: 12, right: 20, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { type: 'value', name: 'trial #', nameLocation: 'middle', nameGap: 8, minInterval: 1 },
    yAxis: { type: 'value', name: metric, nameLocation: 'middle', nameGap: 10, scale: true },
    series: [
      { name: 'trial', type: 'scatter', symbolSize: 8, data: scored.map((t) => [t.ordinal, t.objective]) },
      { name: `best so far (${goal})`, type: 'line', step: 'end', showSymbol: false, lineStyle: { width: 2 }, data: bestSoFar(scored, goal) },
    ],
  };
}
