import { describe, expect, it } from 'vitest';
import { smoothEma } from '../../../web/src/charts/smoothing';

describe('exponential moving average of a curve', () => {
  const curve: [number, number][] = [[1, 1], [2, 3], [3, 2], [4, 6]];

  it('leaves the points as they are at weight 0', () => {
    expect(smoothEma(curve, 0)).toEqual(curve);
  });

  it('averages with the weight, debiased so the first point is its own value', () => {
    const smoothed = smoothEma(curve, 0.5);
    // running averages 0.5, 1.75, 1.875, 3.9375 divided by 1 − 0.5^n
    expect(smoothed.map(([, y]) => y)).toEqual([1, 1.75 / 0.75, 1.875 / 0.875, 3.9375 / 0.9375]);
    expect(smoothed.map(([x]) => x)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a non-finite point in place without letting it into the average', () => {
    const smoothed = smoothEma([[1, 2], [2, Number.NaN], [3, 2]], 0.9);
    expect(smoothed[1]![1]).toBeNaN();
    expect(smoothed[0]![1]).toBeCloseTo(2, 12);
    expect(smoothed[2]![1]).toBeCloseTo(2, 12);
  });

  it('clamps the weight below 1, so the curve still follows the points', () => {
    const smoothed = smoothEma([[1, 0], [2, 10]], 1);
    expect(smoothed[1]![1]).toBeGreaterThan(0);
  });
});
