import { describe, expect, it } from 'vitest';
import { hasHistory, historyOption, unscoredOrdinals } from '../../../web/src/charts/history';
import { trialOf } from './trial-fixture';

type Series = { name: string; data: unknown[][]; symbol?: string; xAxisIndex?: number };
const seriesOf = (option: ReturnType<typeof historyOption>) => option.series as Series[];

describe('optimisation history with every outcome', () => {
  const trials = [
    trialOf({ ordinal: 0, status: 'succeeded', objective: 0.5 }),
    trialOf({ ordinal: 1, status: 'failed' }),
    trialOf({ ordinal: 2, status: 'succeeded', objective: 0.7 }),
    trialOf({ ordinal: 3, status: 'diverged' }),
    trialOf({ ordinal: 4, status: 'pruned', prunedAtStep: 3 }),
    trialOf({ ordinal: 5, status: 'running' }),
    trialOf({ ordinal: 6, status: 'cancelled' }),
  ];

  it('lists the trials that ended without an objective by outcome', () => {
    expect(unscoredOrdinals(trials)).toEqual({ failed: [1], diverged: [3], pruned: [4] });
  });

  it('draws the succeeded trials with the best so far, and a marker series per other outcome on the band below', () => {
    const series = seriesOf(historyOption(trials, 'eval_accuracy', 'maximize'));
    expect(series.map((s) => s.name)).toEqual(['trial', 'best so far (maximize)', 'failed', 'diverged', 'pruned']);
    expect(series[0]!.data).toEqual([[0, 0.5], [2, 0.7]]);
    // the best so far reaches the last trial drawn
    expect(series[1]!.data).toEqual([[0, 0.5], [2, 0.7], [4, 0.7]]);
    expect(series.slice(2).map((s) => [s.data, s.symbol, s.xAxisIndex])).toEqual([
      [[[1, 'failed']], 'triangle', 1],
      [[[3, 'diverged']], 'diamond', 1],
      [[[4, 'pruned']], 'rect', 1],
    ]);
  });

  it('leaves the band out and the axis bounds to ECharts while a single trial has ended', () => {
    const option = historyOption([trialOf({ ordinal: 0, status: 'succeeded', objective: 0.5 }), trialOf({ ordinal: 1, status: 'running' })], 'eval_accuracy', 'maximize');
    expect(seriesOf(option).map((s) => [s.name, s.data])).toEqual([['trial', [[0, 0.5]]], ['best so far (maximize)', [[0, 0.5]]]]);
    for (const axis of option.xAxis as { min?: number; max?: number }[]) expect([axis.min, axis.max]).toEqual([undefined, undefined]);
  });

  it('has something to draw once a trial succeeded, failed, diverged or was pruned', () => {
    expect(hasHistory([trialOf({ ordinal: 0, status: 'running' }), trialOf({ ordinal: 1, status: 'cancelled' })])).toBe(false);
    expect(hasHistory([trialOf({ ordinal: 0, status: 'diverged' })])).toBe(true);
  });
});
