import { describe, expect, it } from 'vitest';
import { gridAxes, gridSearch, gridSize } from '../../../src/search/grid';
import { randomSearch } from '../../../src/search/random';
import { fromUnit, toDimension, type Dimension } from '../../../src/search-spec/dimension';

const dims: Dimension[] = [
  toDimension('a', { type: 'int', low: 1, high: 3, log: false }, 'train'),
  toDimension('b', { type: 'categorical', values: ['x', 'y'] }, 'train'),
  toDimension('c', { type: 'float', low: 1e-4, high: 1e-1, log: true, steps: 4 }, 'train'),
];
const request = (ordinals: number[], seed = 1) => ({ dimensions: dims, goal: 'maximize' as const, seed, completed: [], pending: [], ordinals });

describe('grid search', () => {
  it('enumerates every point once in a fixed order, last dimension fastest', () => {
    const all = gridSearch.suggest(request(Array.from({ length: 30 }, (_, i) => i)));
    expect(all).toHaveLength(24);
    expect(new Set(all.map((p) => JSON.stringify(p))).size).toBe(24);
    expect(all[0]).toEqual({ a: 1, b: 'x', c: 1e-4 });
    expect(all[1]!.c).toBe(1e-3);
    expect(all[4]).toMatchObject({ a: 1, b: 'y' });
    expect(all[23]).toMatchObject({ a: 3, b: 'y' });
    expect(all[23]!.c).toBe(0.1);
  });

  it('gives ordinal n the same point whatever else is asked', () => {
    const alone = gridSearch.suggest(request([13]));
    const batch = gridSearch.suggest(request([12, 13, 14]));
    expect(alone[0]).toEqual(batch[1]);
  });
});

describe('random search', () => {
  it('is reproducible per (seed, ordinal) and stays in bounds and on the log scale', () => {
    const ordinals = Array.from({ length: 400 }, (_, i) => i);
    const first = randomSearch.suggest(request(ordinals, 5));
    expect(randomSearch.suggest(request(ordinals, 5))).toEqual(first);
    expect(randomSearch.suggest(request([7], 5))[0]).toEqual(first[7]);
    expect(randomSearch.suggest(request(ordinals, 6))).not.toEqual(first);
    for (const p of first) {
      expect([1, 2, 3]).toContain(p.a);
      expect(['x', 'y']).toContain(p.b);
      expect(p.c).toBeGreaterThanOrEqual(1e-4);
      expect(p.c).toBeLessThanOrEqual(1e-1);
    }
    // log scale: about a third of the draws fall in each decade
    const belowMilli = first.filter((p) => (p.c as number) < 1e-3).length / first.length;
    expect(belowMilli).toBeGreaterThan(0.25);
    expect(belowMilli).toBeLessThan(0.42);
  });
});

describe('lazy grid', () => {
  const hugeAxes = Array.from({ length: 10 }, (_, i) => toDimension(`k${i}`, { type: 'int', low: 0, high: 99_999, log: false }, 'train'));

  it('computes trial n of a 10^50-point grid from n, without listing any axis', () => {
    const grid = gridAxes(hugeAxes);
    if (!('axes' in grid)) throw new Error('the grid should be finite');
    expect(gridSize(grid.axes)).toBe(Number.MAX_SAFE_INTEGER);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const [point] = gridSearch.suggest({ dimensions: hugeAxes, goal: 'maximize', seed: 0, completed: [], pending: [], ordinals: [999_999] });
    expect(performance.now() - started).toBeLessThan(50);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8 * 1024 * 1024);
    expect(point).toMatchObject({ k9: 99_999, k8: 9, k7: 0, k0: 0 });
  });
});

describe('ranges near the limits of a double', () => {
  it('maps the unit interval onto a range whose width overflows (a spec stored before ranges were bounded) without NaN', () => {
    const overflowing = toDimension('w', { type: 'float', low: -1e308, high: 1e308, log: false }, 'train') as Extract<Dimension, { type: 'float' }>;
    expect(Number.isFinite(overflowing.high - overflowing.low)).toBe(false);
    expect([0, 0.25, 0.5, 1].map((u) => fromUnit(overflowing, u))).toEqual([-1e308, -5e307, 0, 1e308]);
  });

  it('keeps every draw finite and inside [low, high] when high - low is close to the largest double', () => {
    const wide = [toDimension('w', { type: 'float', low: -1e308, high: 7e307, log: false }, 'train')];
    const draws = randomSearch.suggest({ dimensions: wide, goal: 'maximize', seed: 1, completed: [], pending: [], ordinals: Array.from({ length: 200 }, (_, i) => i) });
    for (const { w } of draws) {
      expect(Number.isFinite(w)).toBe(true);
      expect(w as number).toBeGreaterThanOrEqual(-1e308);
      expect(w as number).toBeLessThanOrEqual(7e307);
    }
  });
});
