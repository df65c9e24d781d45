import type { Trial } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { statusColors } from './palette';

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

/** The outcomes without an objective, as the band under the history lists them (top to bottom), with their markers. */
export const unscoredOutcomes = [
  { status: 'failed', symbol: 'triangle' },
  { status: 'diverged', symbol: 'diamond' },
  { status: 'pruned', symbol: 'rect' },
] as const;
export type UnscoredOutcome = (typeof unscoredOutcomes)[number]['status'];

/** The ordinals of the trials that ended without an objective, by outcome, in ordinal order. */
export function unscoredOrdinals(trials: readonly Trial[]): Record<UnscoredOutcome, number[]> {
  const ordinals = (status: UnscoredOutcome) => trials.filter((t) => t.status === status).map((t) => t.ordinal).sort((a, b) => a - b);
  return { failed: ordinals('failed'), diverged: ordinals('diverged'), pruned: ordinals('pruned') };
}

/** Whether the history has anything to draw: a succeeded trial or one that ended without an objective. */
export const hasHistory = (trials: readonly Trial[]) => trials.some((t) => t.status === 'succeeded' || unscoredOutcomes.some((o) => o.status === t.status));

const BAND_ROW_PX = 18;

/**
 * Objective of every succeeded trial and the best so far against the trial number; below it, on a band of its
 * own sharing the trial axis, a marker for every failed, diverged and pruned trial.
 */
export function historyOption(trials: readonly Trial[], metric: string, goal: Goal): ChartOption {
  const scored = scoredTrials(trials);
  const unscored = unscoredOrdinals(trials);
  const bandRows = unscoredOutcomes.filter(({ status }) => unscored[status].length > 0);
  const ordinals = [...scored.map((t) => t.ordinal), ...bandRows.flatMap(({ status }) => unscored[status])];
  const lowest = Math.min(...ordinals);
  const highest = Math.max(...ordinals);
  const best = bestSoFar(scored, goal);
  const last = best.at(-1);
  // the best so far holds up to the last trial drawn; a single point would make no line
  const bestLine = last && highest > last[0] ? [...best, [highest, last[1]]] : best;
  const bandHeight = bandRows.length * BAND_ROW_PX;
  const bottom = 44;
  // both axes span the same trials so a marker sits under its trial; equal bounds are left to ECharts to widen
  const span = highest > lowest ? { min: lowest, max: highest } : {};
  const trialAxis = { type: 'value' as const, minInterval: 1, ...span };
  return {
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', top: 0 },
    grid: [
      { left: 64, right: 20, top: 36, bottom: bottom + (bandHeight > 0 ? bandHeight + 12 : 0) },
      { left: 64, right: 20, height: Math.max(bandHeight, 1), bottom, show: false },
    ],
    xAxis: [
      { ...trialAxis, gridIndex: 0, axisLabel: { show: bandHeight === 0 }, name: bandHeight === 0 ? 'trial #' : '', nameLocation: 'middle', nameGap: 28 },
      { ...trialAxis, gridIndex: 1, show: bandHeight > 0, name: 'trial #', nameLocation: 'middle', nameGap: 28, splitLine: { show: false } },
    ],
    yAxis: [
      // beside the axis, clear of the legend on top
      { type: 'value', gridIndex: 0, name: metric, nameLocation: 'middle', nameGap: 50, scale: true },
      { type: 'category', gridIndex: 1, show: bandHeight > 0, inverse: true, data: bandRows.map(({ status }) => status), axisTick: { show: false }, axisLine: { show: false } },
    ],
    series: [
      { name: 'trial', type: 'scatter', symbolSize: 8, clip: false, data: scored.map((t) => [t.ordinal, t.objective]) },
      { name: `best so far (${goal})`, type: 'line', step: 'end', showSymbol: false, lineStyle: { width: 2 }, data: bestLine },
      ...bandRows.map(({ status, symbol }) => ({
        name: status,
        type: 'scatter' as const,
        xAxisIndex: 1,
        yAxisIndex: 1,
        symbol,
        symbolSize: 9,
        // a marker of the first or last trial sits on the band's edge
        clip: false,
        color: statusColors[status],
        data: unscored[status].map((ordinal) => [ordinal, status]),
      })),
    ],
  };
}
