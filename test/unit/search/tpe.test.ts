import { describe, expect, it } from 'vitest';
import { randomSearch } from '../../../src/search/random';
import { simulate } from '../../../bench/simulation/loop';
import { braninProblem } from '../../../bench/simulation/problems';
import { SpaceEncoding } from '../../../src/search/encoding';
import { goodCount, rankWeights, tpeSearch } from '../../../src/search/tpe';
import { bandwidths, ParzenEstimator } from '../../../src/search/tpe/parzen';
import type { SearchAlgorithm } from '../../../src/search/types';
import type { Dimension } from '../../../src/search-spec/dimension';
import { createRng } from '../../../src/util/rng';

const bestRegret = (algorithm: SearchAlgorithm, seed: number) =>
  Math.min(
    ...simulate({ algorithm, dimensions: braninProblem.dimensions, goal: 'minimize', seed, budget: 40, evaluate: (p) => braninProblem.evaluate(p, seed) }).trials.map((t) =>
      braninProblem.regret(t.params),
    ),
  );

const train = 'train' as const;
const x: Dimension = { name: 'x', stage: train, type: 'float', low: 0, high: 1, log: false };
const epochs: Dimension = { name: 'epochs', stage: train, type: 'int', low: 1, high: 5, log: false };
const optimizer: Dimension = { name: 'optimizer', stage: train, type: 'categorical', values: ['adam', 'sgd', 'rmsprop'] };

describe('tpe', () => {
  it.each([1, 2])('beats random on Branin within 40 trials (seed %i)', (seed) => {
    expect(bestRegret(tpeSearch, seed)).toBeLessThan(bestRegret(randomSearch, seed));
  });

  it('takes the best 10% of succeeded trials as good, at most 25', () => {
    expect([1, 10, 11, 80, 250, 1000].map(goodCount)).toEqual([1, 1, 2, 8, 25, 25]);
  });

  it('weighs the good group by rank: positive, the best most, ln((n + 1.5)/r)', () => {
    expect(rankWeights(0)).toEqual([]);
    const weights = rankWeights(8);
    expect(weights[0]).toBeCloseTo(Math.log(9.5), 12);
    expect(weights[7]).toBeCloseTo(Math.log(9.5 / 8), 12);
    for (let r = 1; r < weights.length; r++) expect(weights[r]!).toBeLessThan(weights[r - 1]!);
    expect(Math.min(...weights)).toBeGreaterThan(0);
  });
});

describe('tpe bandwidths', () => {
  it("shrinks at Scott's rate for d dimensions from 0.06 at no observations", () => {
    const space = new SpaceEncoding([x, { ...x, name: 'y' }]);
    expect(bandwidths(space, 0)[0]).toBeCloseTo(0.06, 12);
    expect(bandwidths(space, 63)[1]).toBeCloseTo(0.06 * 64 ** (-1 / 6), 12);
    expect(bandwidths(space, 200)[0]!).toBeLessThan(bandwidths(space, 20)[0]!);
  });

  it('keeps a finite dimension at half its mean step or more, and gives categoricals none', () => {
    const widths = bandwidths(new SpaceEncoding([epochs, optimizer, x]), 80);
    expect(widths[0]).toBe(0.5 / 4);
    expect(widths[1]).toBe(0);
    expect(widths[2]!).toBeLessThan(0.06);
  });
});

describe('tpe Parzen estimator', () => {
  const options = (space: SpaceEncoding, n: number, priorWeight = 1) => ({ weights: Array.from({ length: n }, () => 1), priorWeight, bandwidths: bandwidths(space, n) });

  it('is a density: integrates to 1 over a continuous coordinate, with or without observations', () => {
    const space = new SpaceEncoding([x]);
    for (const observations of [[], [0.02, 0.5, 0.51, 1].map((v) => Float64Array.of(v))]) {
      const estimator = new ParzenEstimator(space, observations, options(space, observations.length));
      const steps = 20_000;
      let integral = 0;
      for (let i = 0; i < steps; i++) integral += Math.exp(estimator.logDensity(Float64Array.of((i + 0.5) / steps))) / steps;
      expect(integral).toBeCloseTo(1, 3);
    }
  });

  it('sums to 1 over the values of a categorical, keeping the observed one with probability 1/(1 + C/(n + 1))', () => {
    const space = new SpaceEncoding([optimizer]);
    const estimator = new ParzenEstimator(space, [Float64Array.of(1)], { ...options(space, 1), priorWeight: 1e-9 });
    const probabilities = [0, 1, 2].map((v) => Math.exp(estimator.logDensity(Float64Array.of(v))));
    expect(probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 9);
    const keep = 1 / (1 + 3 / 2);
    expect(probabilities[1]).toBeCloseTo(keep + (1 - keep) / 3, 6);
  });

  it('weighs its components by the weights given and the prior weight: a heavy observation draws most samples', () => {
    const space = new SpaceEncoding([optimizer]);
    const estimator = new ParzenEstimator(space, [Float64Array.of(0), Float64Array.of(2)], { weights: [9, 1], priorWeight: 0.1, bandwidths: bandwidths(space, 2) });
    const rng = createRng(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[estimator.sample(rng)[0]!]!++;
    const density = [0, 1, 2].map((v) => Math.exp(estimator.logDensity(Float64Array.of(v))));
    counts.forEach((count, v) => expect(count / 20_000).toBeCloseTo(density[v]!, 1.5));
    expect(density[0]!).toBeGreaterThan(2 * density[2]!);
  });
});
