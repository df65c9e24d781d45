import { describe, expect, it } from 'vitest';
import { randomSearch } from '../../../src/search/random';
import { simulate } from '../../../bench/simulation/loop';
import { braninProblem } from '../../../bench/simulation/problems';
import { tpeSearch } from '../../../src/search/tpe';
import type { SearchAlgorithm } from '../../../src/search/types';

const bestRegret = (algorithm: SearchAlgorithm, seed: number) =>
  Math.min(
    ...simulate({ algorithm, dimensions: braninProblem.dimensions, goal: 'minimize', seed, budget: 40, evaluate: (p) => braninProblem.evaluate(p, seed) }).trials.map((t) =>
      braninProblem.regret(t.params),
    ),
  );

describe('tpe', () => {
  it.each([1, 2])('beats random on Branin within 40 trials (seed %i)', (seed) => {
    expect(bestRegret(tpeSearch, seed)).toBeLessThan(bestRegret(randomSearch, seed));
  });
});
