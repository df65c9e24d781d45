import { formatCount } from '../../../src/client/format';
import type { SearchHistory, Trial } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { statusColors } from './palette';

export type Goal = 'minimize' | 'maximize';
type Bucket = SearchHistory['buckets'][number];

/** Succeeded trials with an objective, by ordinal. */
export const scoredTrials = (trials: readonly Trial[]) =>
  trials.filter((t): t is Trial & { objective: number } => t.status === 'succeeded' && t.objective !== null).sort((a, b) => a.ordinal - b.ordinal);

/** The outcomes without an objective, as the band under the history lists them (top to bottom), with their markers. */
export const unscoredOutcomes = [
  { status: 'failed', symbol: 'triangle' },
  { status: 'diverged', symbol: 'diamond' },
  { status: 'infeasible', symbol: 'pin' },
  { status: 'pruned', symbol: 'rect' },
] as const;

const drawn = (bucket: Bucket) => bucket.minObjective !== null || unscoredOutcomes.some(({ status }) => (bucket.counts[status] ?? 0) > 0);

/** Whether the history has anything to draw: a succeeded trial or one that ended without an objective. */
export const hasHistory = (history: SearchHistory) => history.buckets.some(drawn);

/** What the chart says of its downsampling ("100,000 trials in 1,000 buckets"); empty when every trial is a point of its own. */
export function downsamplingText(history: SearchHistory): string {
  if (history.bucketWidth === 1) return '';
  const thinned = history.improvements > history.bestSoFar.length ? `; the best so far through ${formatCount(history.bestSoFar.length)} of its ${formatCount(history.improvements)} improvements` : '';
  return `${formatCount(history.trials)} trials in ${formatCount(history.buckets.length)} buckets of ${formatCount(history.bucketWidth)}: the range of the objective and the count of each outcome per bucket${thinned}.`;
}

const BAND_ROW_PX = 18;
const MARKER_PX = { least: 4, most: 12 };

/**
 * Objective of every succeeded trial (or, downsampled, its range in each bucket) and the best so far against
 * the trial number; below it, on a band of its own sharing the trial axis, a marker for every failed, diverged,
 * infeasible and pruned trial (or, downsampled, for every bucket with one, larger the more it has).
 */
export function historyOption(history: SearchHistory, metric: string, goal: Goal): ChartOption {
  const downsampled = history.bucketWidth > 1;
  const buckets = history.buckets.filter(drawn);
  const scored = buckets.filter((b): b is Bucket & { minObjective: number; maxObjective: number } => b.minObjective !== null && b.maxObjective !== null);
  const bandRows = unscoredOutcomes.filter(({ status }) => buckets.some((b) => (b.counts[status] ?? 0) > 0));
  const lowest = buckets[0]?.firstOrdinal ?? 0;
  const highest = buckets.at(-1)?.lastOrdinal ?? 0;
  const best = history.bestSoFar.map((p) => [p.ordinal, p.objective]);
  const last = best.at(-1);
  // the best so far holds up to the last trial drawn; a single point would make no line
  const bestLine = last && highest > last[0]! ? [...best, [highest, last[1]!]] : best;
  const bandHeight = bandRows.length * BAND_ROW_PX;
  const bottom = 44;
  // both axes span the same trials so a marker sits under its trial; equal bounds are left to ECharts to widen
  const span = highest > lowest ? { min: lowest, max: highest } : {};
  const trialAxis = { type: 'value' as const, minInterval: 1, ...span };
  const middle = (b: Bucket) => (b.firstOrdinal + b.lastOrdinal) / 2;
  const markerSize = (value: unknown) => MARKER_PX.least + (MARKER_PX.most - MARKER_PX.least) * Math.sqrt(Number((value as number[])[2]) / history.bucketWidth);
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
      downsampled
        ? {
            name: 'objective range',
            type: 'custom',
            encode: { x: [0, 1], y: [2, 3] },
            renderItem: (_params, api) => {
              const [left, top] = api.coord([api.value(0), api.value(3)]) as [number, number];
              const [right, bottom] = api.coord([api.value(1), api.value(2)]) as [number, number];
              // a bucket of one trial, or of equal objectives, is still a visible tick
              return { type: 'rect', shape: { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) }, style: api.style() };
            },
            data: scored.map((b) => [b.firstOrdinal, b.lastOrdinal, b.minObjective, b.maxObjective]),
          }
        : { name: 'trial', type: 'scatter', symbolSize: 8, clip: false, data: scored.map((b) => [b.firstOrdinal, b.minObjective]) },
      { name: `best so far (${goal})`, type: 'line', step: 'end', showSymbol: false, lineStyle: { width: 2 }, data: bestLine },
      ...bandRows.map(({ status, symbol }) => ({
        name: status,
        type: 'scatter' as const,
        xAxisIndex: 1,
        yAxisIndex: 1,
        symbol,
        symbolSize: downsampled ? markerSize : 9,
        // a marker of the first or last trial sits on the band's edge
        clip: false,
        color: statusColors[status],
        data: buckets.filter((b) => (b.counts[status] ?? 0) > 0).map((b) => (downsampled ? [middle(b), status, b.counts[status]!] : [b.firstOrdinal, status])),
      })),
    ],
  };
}
