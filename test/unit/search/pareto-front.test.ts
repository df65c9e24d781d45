import { describe, expect, it } from 'vitest';
import { nonDominated, ParetoFront } from '../../../src/search/multi-objective/index';
import { createRng } from '../../../src/util/rng';

describe('ParetoFront', () => {
  it('keeps what no later or earlier point dominates, evicting dominated members, equal points both kept', () => {
    const front = new ParetoFront<string>();
    front.add([3, 3], 'a');
    front.add([4, 4], 'dominated on arrival');
    front.add([1, 5], 'b');
    front.add([2, 2], 'evicts a');
    front.add([1, 5], 'equal to b');
    expect(front.entries().map((e) => e.item)).toEqual(['b', 'evicts a', 'equal to b']);
  });

  it('equals brute-force non-dominated filtering on random points of 2 to 4 objectives', () => {
    const rng = createRng(7, 1);
    for (const k of [2, 3, 4]) {
      const points = Array.from({ length: 300 }, () => Array.from({ length: k }, () => Math.round(rng.next() * 20)));
      const front = new ParetoFront<number>();
      points.forEach((p, i) => front.add(p, i));
      expect(front.entries().map((e) => e.item).sort((a, b) => a - b)).toEqual(nonDominated(points));
    }
  });
});
