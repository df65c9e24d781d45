import { describe, expect, it } from 'vitest';
import { boundedSubset } from '../../../src/search/bayes/bounded-subset';

describe('boundedSubset', () => {
  it('keeps every index, in order, up to the limit', () => {
    expect(boundedSubset([3, 1, 2], 3)).toEqual([0, 1, 2]);
  });

  it('keeps the lowest half by priority and an even spread of the rest, ascending', () => {
    const priority = Array.from({ length: 100 }, (_, i) => (i % 10 === 3 ? -i : i));
    const kept = boundedSubset(priority, 20);
    expect(kept).toHaveLength(20);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    const lowest = [3, 13, 23, 33, 43, 53, 63, 73, 83, 93];
    expect(lowest.every((i) => kept.includes(i))).toBe(true);
    const spread = kept.filter((i) => !lowest.includes(i));
    expect(spread).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
  });

  it('breaks ties in priority towards the earlier index', () => {
    expect(boundedSubset([0, 0, 0, 0, 0, 0], 4)).toEqual([0, 1, 3, 5]);
  });
});
