import { describe, expect, it } from 'vitest';
import { timelineLanes } from '../../../web/src/charts/timeline';
import { trialOf } from './trial-fixture';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const ran = (ordinal: number, worker: string, from: number, to: number | null, status: 'succeeded' | 'running' | 'diverged' = 'succeeded') =>
  trialOf({ ordinal, status, worker, startedAt: at(from), finishedAt: to === null ? null : at(to) });

describe('timeline lanes', () => {
  it('gives a worker one lane for each trial it runs at the same time, reusing a lane once its trial ended', () => {
    const { lanes, bars } = timelineLanes([ran(0, 'w1', 0, 10), ran(1, 'w1', 1, 4), ran(2, 'w1', 5, 8), ran(3, 'w1', 9, 12)], Date.parse(at(60)));
    expect(lanes).toEqual([{ worker: 'w1', index: 0 }, { worker: 'w1', index: 1 }]);
    expect(bars.map((bar) => [bar.ordinal, bar.lane])).toEqual([[0, 0], [1, 1], [2, 1], [3, 1]]);
  });

  it('puts each worker on lanes of its own, workers by name, and leaves out trials that never started', () => {
    const trials = [ran(0, 'worker-b', 0, 5), ran(1, 'worker-a', 0, 5), ran(2, 'worker-a', 2, 6), trialOf({ ordinal: 3, status: 'queued', worker: null })];
    const { lanes, bars } = timelineLanes(trials, Date.parse(at(60)));
    expect(lanes).toEqual([{ worker: 'worker-a', index: 0 }, { worker: 'worker-a', index: 1 }, { worker: 'worker-b', index: 0 }]);
    expect(bars.map((bar) => [bar.ordinal, bar.lane])).toEqual([[1, 0], [2, 1], [0, 2]]);
  });

  it('runs a trial still running up to now, and keeps its status', () => {
    const now = Date.parse(at(30));
    const { bars } = timelineLanes([ran(0, 'w1', 10, null, 'running'), ran(1, 'w1', 0, 5, 'diverged')], now);
    expect(bars).toEqual([
      { lane: 0, ordinal: 1, status: 'diverged', start: Date.parse(at(0)), end: Date.parse(at(5)) },
      { lane: 0, ordinal: 0, status: 'running', start: Date.parse(at(10)), end: now },
    ]);
  });
});
