import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  augmentedChebyshev,
  dominates,
  hypervolume,
  minimised,
  nonDominated,
  nonDominatedSort,
  normaliseObjectives,
  parEgoScalarise,
  referencePoint,
  selectByFronts,
  simplexWeights,
} from '../../../src/search/multi-objective/index';
import { createRng } from '../../../src/util/rng';

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

describe("MOTPE's good group (selectByFronts)", () => {
  // front 0: A (0, 2.5), B (1, 1), C (3, 0); front 1: D (2, 2); front 2: E (5, 5)
  const points = [[2, 2], [0, 2.5], [1, 1], [3, 0], [5, 5]];

  it('puts the reference point 10% of the range past the worst value, or 1 past it when the range is 0', () => {
    expect(referencePoint([[0, 2.5], [1, 1], [3, 0]])).toEqual([3.3, 2.75]);
    expect(referencePoint([[1, 4]])).toEqual([2, 5]);
  });

  it('fills front by front, each front ordered by greedy hypervolume contribution', () => {
    // reference (3.3, 2.75): alone B covers 2.3·1.75, A and C 0.825 each; beside B, A adds 1·0.25 and C 0.3·1
    expect(selectByFronts(points, 5)).toEqual([2, 3, 1, 0, 4]);
    expect(selectByFronts(points, 4)).toEqual([2, 3, 1, 0]);
  });

  it('cuts the front that does not fit whole by hypervolume contribution', () => {
    expect(selectByFronts(points, 1)).toEqual([2]);
    expect(selectByFronts(points, 2)).toEqual([2, 3]);
    expect(selectByFronts(points, 0)).toEqual([]);
    expect(selectByFronts([], 3)).toEqual([]);
  });

  it('takes equal contributions in index order and duplicates after the points they copy', () => {
    expect(selectByFronts([[1, 0], [0, 1]], 1)).toEqual([0]);
    expect(selectByFronts([[0, 1], [1, 0], [0, 1]], 3)).toEqual([0, 1, 2]);
  });

  it('picks from earlier fronts only, and as many as asked, on random sets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { maxLength: 30 }), fc.integer({ min: 0, max: 12 }), (points, count) => {
        const chosen = selectByFronts(points, count);
        expect(chosen).toHaveLength(Math.min(count, points.length));
        expect(new Set(chosen).size).toBe(chosen.length);
        const rank = new Map(nonDominatedSort(points).flatMap((front, f) => front.map((i) => [i, f] as const)));
        const ranks = chosen.map((i) => rank.get(i)!);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        const worst = Math.max(-1, ...ranks);
        for (let i = 0; i < points.length; i++) if (!chosen.includes(i)) expect(rank.get(i)!).toBeGreaterThanOrEqual(worst);
      }),
    );
  });
});

describe('ParEGO scalarisation', () => {
  it('is the augmented Chebyshev function max(w·f) + 0.05·Σ w·f', () => {
    expect(augmentedChebyshev([0.2, 0.6], [0.5, 0.5])).toBeCloseTo(0.3 + 0.05 * 0.4, 12);
    expect(augmentedChebyshev([1, 0], [0.25, 0.75])).toBeCloseTo(0.25 + 0.05 * 0.25, 12);
    expect(augmentedChebyshev([0, 0, 0], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('normalises each objective by its observed minimum and maximum, a constant one to 0', () => {
    expect(normaliseObjectives([[1, 10, 7], [3, 10, 7], [2, 20, 7]])).toEqual([[0, 0, 0], [1, 0, 0], [0.5, 1, 0]]);
  });

  it('scalarises a hand example', () => {
    const values = parEgoScalarise([[1, 10], [3, 10], [2, 20]], [0.25, 0.75]);
    // normalised (0, 0), (1, 0), (0.5, 1)
    expect(values[0]).toBe(0);
    expect(values[1]).toBeCloseTo(0.25 + 0.05 * 0.25, 12);
    expect(values[2]).toBeCloseTo(0.75 + 0.05 * (0.125 + 0.75), 12);
  });

  it('draws weights uniformly from the simplex, the same for the same stream', () => {
    const draws = Array.from({ length: 4000 }, (_, i) => simplexWeights(3, createRng(7, i)));
    for (const w of draws) {
      expect(w.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    }
    // uniform on the 2-simplex: each weight has mean 1/3 and P(w₀ > 1/2) = (1/2)² = 1/4
    const mean = draws.reduce((s, w) => s + w[0]!, 0) / draws.length;
    expect(mean).toBeCloseTo(1 / 3, 1);
    expect(draws.filter((w) => w[0]! > 0.5).length / draws.length).toBeCloseTo(0.25, 1);
    expect(simplexWeights(2, createRng(3, 9))).toEqual(simplexWeights(2, createRng(3, 9)));
  });
});
