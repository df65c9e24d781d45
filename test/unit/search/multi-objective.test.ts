import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, hypervolume, minimised, nonDominated, nonDominatedSort } from '../../../src/search/multi-objective/index';

/** Inclusion–exclusion over every non-empty subset: exact, and independent of the algorithm under test. */
function bruteHypervolume(points: readonly number[][], reference: readonly number[]): number {
  const inside = points.filter((p) => p.every((v, i) => v < reference[i]!));
  let total = 0;
  for (let mask = 1; mask < 1 << inside.length; mask++) {
    const members = inside.filter((_, i) => mask & (1 << i));
    const corner = reference.map((_, d) => Math.max(...members.map((p) => p[d]!)));
    const box = corner.reduce((v, c, d) => v * (reference[d]! - c), 1);
    total += (members.length % 2 === 1 ? 1 : -1) * box;
  }
  return total;
}

const front = (n: number, f: (x: number) => number) => Array.from({ length: n }, (_, i) => [i / (n - 1), f(i / (n - 1))]);

describe('Pareto dominance', () => {
  it('turns maximised objectives into minimised ones', () => {
    expect(minimised([0.9, 3], ['maximize', 'minimize'])).toEqual([-0.9, 3]);
  });

  it('dominates only when no worse everywhere and better somewhere', () => {
    expect(dominates([1, 2], [1, 3])).toBe(true);
    expect(dominates([1, 3], [1, 3])).toBe(false);
    expect(dominates([0, 4], [1, 3])).toBe(false);
    expect(dominates([1, 1, 1, 0], [1, 1, 1, 1])).toBe(true);
  });

  it('sorts points into fronts, equal points sharing one', () => {
    const points = [[1, 5], [2, 2], [5, 1], [3, 3], [2, 2], [4, 4], [6, 6]];
    expect(nonDominatedSort(points)).toEqual([[0, 1, 2, 4], [3], [5], [6]]);
    expect(nonDominated(points)).toEqual([0, 1, 2, 4]);
    expect(nonDominatedSort([])).toEqual([]);
  });

  it('puts every point in exactly one front, none dominated by its own front or a later one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }).chain((k) => fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: k, maxLength: k }), { maxLength: 30 })), (points) => {
        const fronts = nonDominatedSort(points);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
        expect(fronts[0] ?? []).toEqual(nonDominated(points));
        fronts.forEach((members, f) => {
          const laterOrSame = fronts.slice(f).flat();
          for (const i of members) expect(laterOrSame.some((j) => dominates(points[j]!, points[i]!))).toBe(false);
          if (f > 0) for (const i of members) expect(fronts[f - 1]!.some((j) => dominates(points[j]!, points[i]!))).toBe(true);
        });
      }),
    );
  });
});

describe('hypervolume', () => {
  it('is the area of a staircase in 2-D, computed by hand', () => {
    // boxes [1,4]×[3,4], [2,4]×[2,4], [3,4]×[1,4] with reference (4, 4): 3 + 2·1 + 1·1 = 6
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBeCloseTo(6, 12);
    expect(hypervolume([[0, 0]], [2, 3])).toBeCloseTo(6, 12);
  });

  it('is the volume of three unit-offset boxes in 3-D, computed by hand', () => {
    // each box 1·2·2 = 4, each pair overlaps in 1·1·2 = 2, all three in 1: 12 − 6 + 1
    expect(hypervolume([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [2, 2, 2])).toBeCloseTo(7, 12);
  });

  it('is 0 for an empty set, and for points not better than the reference in every objective', () => {
    expect(hypervolume([], [1, 1])).toBe(0);
    expect(hypervolume([[1, 0], [0, 1], [2, -1], [1, 1]], [1, 1])).toBe(0);
    expect(hypervolume([[0.5, 0.5], [3, -1]], [1, 1])).toBeCloseTo(0.25, 12);
  });

  it('counts duplicates and dominated points once', () => {
    const base = hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4]);
    expect(hypervolume([[1, 3], [2, 2], [2, 2], [3, 1], [3, 3], [3.5, 3.5]], [4, 4])).toBeCloseTo(base, 12);
    expect(hypervolume([[1, 2, 3, 1], [1, 2, 3, 1], [2, 2, 3, 1]], [4, 4, 4, 4])).toBeCloseTo(3 * 2 * 1 * 3, 12);
  });

  it("approaches ZDT1's analytic front hypervolume: 2/3 for reference (1, 1), 0.1 + 2/3 + 0.11 for (1.1, 1.1)", () => {
    const zdt1 = front(20_001, (x) => 1 - Math.sqrt(x));
    expect(hypervolume(zdt1, [1, 1])).toBeCloseTo(2 / 3, 3);
    expect(hypervolume(zdt1, [1, 1])).toBeLessThan(2 / 3);
    expect(hypervolume(zdt1, [1.1, 1.1])).toBeCloseTo(0.1 + 2 / 3 + 0.11, 3);
  });

  it("approaches ZDT2's analytic front hypervolume, 1/3 for reference (1, 1)", () => {
    expect(hypervolume(front(20_001, (x) => 1 - x * x), [1, 1])).toBeCloseTo(1 / 3, 3);
  });

  it('equals inclusion–exclusion on random sets of 2 to 4 objectives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }).chain((k) =>
          fc.tuple(fc.constant(k), fc.array(fc.array(fc.double({ min: 0, max: 1.2, noNaN: true }), { minLength: k, maxLength: k }), { maxLength: 9 })),
        ),
        ([k, points]) => {
          const reference = new Array<number>(k).fill(1);
          expect(hypervolume(points, reference)).toBeCloseTo(bruteHypervolume(points, reference), 9);
        },
      ),
    );
  });

  it('is monotone: adding a point never lowers it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 20 }), (points) => {
        const reference = [1, 1, 1];
        expect(hypervolume(points, reference)).toBeGreaterThanOrEqual(hypervolume(points.slice(1), reference) - 1e-12);
      }),
    );
  });
});
