import { describe, expect, it } from 'vitest';
import type { SearchHistory } from '../../../src/client/index';
import { noTrials } from '../../../src/status';
import { downsamplingText, hasHistory, historyOption } from '../../../web/src/charts/history';

type Series = { name: string; type: string; data: unknown[][]; symbol?: string; xAxisIndex?: number };
const seriesOf = (option: ReturnType<typeof historyOption>) => option.series as Series[];

type Bucket = SearchHistory['buckets'][number];
const bucket = (firstOrdinal: number, lastOrdinal: number, counts: Bucket['counts'], objectives: [number, number] | null = null): Bucket => ({
  firstOrdinal,
  lastOrdinal,
  counts,
  minObjective: objectives?.[0] ?? null,
  maxObjective: objectives?.[1] ?? null,
});

function historyOf(buckets: Bucket[], bucketWidth: number, bestSoFar: SearchHistory['bestSoFar'], improvements = bestSoFar.length): SearchHistory {
  const counts = noTrials();
  for (const b of buckets) for (const [status, n] of Object.entries(b.counts)) counts[status as keyof typeof counts] += n;
  return { objective: { metric: 'eval_accuracy', goal: 'maximize' }, trials: Object.values(counts).reduce((a, b) => a + b, 0), counts, bucketWidth, buckets, improvements, bestSoFar };
}

describe('optimisation history with every outcome, a trial per bucket', () => {
  const history = historyOf(
    [
      bucket(0, 0, { succeeded: 1 }, [0.5, 0.5]),
      bucket(1, 1, { failed: 1 }),
      bucket(2, 2, { succeeded: 1 }, [0.7, 0.7]),
      bucket(3, 3, { diverged: 1 }),
      bucket(4, 4, { pruned: 1 }),
      bucket(5, 5, { running: 1 }),
      bucket(6, 6, { cancelled: 1 }),
    ],
    1,
    [{ ordinal: 0, objective: 0.5 }, { ordinal: 2, objective: 0.7 }],
  );

  it('draws the succeeded trials with the best so far, and a marker series per other outcome on the band below', () => {
    const series = seriesOf(historyOption(history, 'eval_accuracy', 'maximize'));
    expect(series.map((s) => s.name)).toEqual(['trial', 'best so far (maximize)', 'failed', 'diverged', 'pruned']);
    expect(series[0]!.data).toEqual([[0, 0.5], [2, 0.7]]);
    // the best so far reaches the last trial drawn
    expect(series[1]!.data).toEqual([[0, 0.5], [2, 0.7], [4, 0.7]]);
    expect(series.slice(2).map((s) => [s.data, s.symbol, s.xAxisIndex])).toEqual([
      [[[1, 'failed']], 'triangle', 1],
      [[[3, 'diverged']], 'diamond', 1],
      [[[4, 'pruned']], 'rect', 1],
    ]);
    expect(downsamplingText(history)).toBe('');
  });

  it('leaves the band out and the axis bounds to ECharts while a single trial has ended', () => {
    const option = historyOption(historyOf([bucket(0, 0, { succeeded: 1 }, [0.5, 0.5]), bucket(1, 1, { running: 1 })], 1, [{ ordinal: 0, objective: 0.5 }]), 'eval_accuracy', 'maximize');
    expect(seriesOf(option).map((s) => [s.name, s.data])).toEqual([['trial', [[0, 0.5]]], ['best so far (maximize)', [[0, 0.5]]]]);
    for (const axis of option.xAxis as { min?: number; max?: number }[]) expect([axis.min, axis.max]).toEqual([undefined, undefined]);
  });

  it('has something to draw once a trial succeeded, failed, diverged or was pruned', () => {
    expect(hasHistory(historyOf([bucket(0, 0, { running: 1 }), bucket(1, 1, { cancelled: 1 })], 1, []))).toBe(false);
    expect(hasHistory(historyOf([bucket(0, 0, { diverged: 1 })], 1, []))).toBe(true);
  });
});

describe('optimisation history downsampled into buckets', () => {
  const history = historyOf(
    [bucket(0, 99, { succeeded: 90, failed: 10 }, [0.2, 0.6]), bucket(100, 199, { succeeded: 95, pruned: 5 }, [0.3, 0.8])],
    100,
    [{ ordinal: 0, objective: 0.2 }, { ordinal: 150, objective: 0.8 }],
    7,
  );

  it('draws each bucket’s objective range, and a marker per bucket with a failed, diverged or pruned trial carrying its count', () => {
    const series = seriesOf(historyOption(history, 'eval_accuracy', 'maximize'));
    expect(series.map((s) => [s.name, s.type])).toEqual([['objective range', 'custom'], ['best so far (maximize)', 'line'], ['failed', 'scatter'], ['pruned', 'scatter']]);
    expect(series[0]!.data).toEqual([[0, 99, 0.2, 0.6], [100, 199, 0.3, 0.8]]);
    expect(series[1]!.data).toEqual([[0, 0.2], [150, 0.8], [199, 0.8]]);
    expect(series[2]!.data).toEqual([[49.5, 'failed', 10]]);
    expect(series[3]!.data).toEqual([[149.5, 'pruned', 5]]);
  });

  it('says how it is downsampled, and that the best so far is thinned', () => {
    expect(downsamplingText(history)).toBe(
      '200 trials in 2 buckets of 100: the range of the objective and the count of each outcome per bucket; the best so far through 2 of its 7 improvements.',
    );
  });
});
