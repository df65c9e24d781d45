import { describe, expect, it } from 'vitest';
import { bayesSearch } from '../../../src/search/bayes';
import { SpaceEncoding } from '../../../src/search/encoding';
import { initialDesignSize } from '../../../src/search/initial-design';
import { randomSearch } from '../../../src/search/random';
import { simulate } from '../../../bench/simulation/loop';
import { braninProblem, constrainedSyntheticProblem, hartmann6Problem, syntheticOptimum, syntheticProblem, type Problem } from '../../../bench/simulation/problems';
import type { SearchAlgorithm } from '../../../src/search/types';
import { isDivergent, surfacePoint, trainCost } from '../../../src/trainers/synthetic/surface';

function bestRegret(problem: Problem, algorithm: SearchAlgorithm, seed: number, budget: number): number {
  const { trials } = simulate({ algorithm, dimensions: problem.dimensions, goal: problem.goal, seed, budget, evaluate: (p) => problem.evaluate(p, seed) });
  return Math.min(...trials.filter((t) => t.status === 'succeeded').map((t) => problem.regret(t.params)));
}

describe('bayes', () => {
  it.each([1, 2])('beats random on Branin within 30 trials (seed %i)', (seed) => {
    const bayes = bestRegret(braninProblem, bayesSearch, seed, 30);
    expect(bayes).toBeLessThan(bestRegret(braninProblem, randomSearch, seed, 30));
    expect(bayes).toBeLessThan(0.05);
  });

  it('stops proposing the divergence region of the synthetic surface once it has seen it', () => {
    const problem = syntheticProblem(syntheticOptimum());
    const design = initialDesignSize(problem.dimensions.length);
    for (const seed of [0, 1]) {
      const { trials } = simulate({ algorithm: bayesSearch, dimensions: problem.dimensions, goal: problem.goal, seed, budget: 30, evaluate: (p) => problem.evaluate(p, seed) });
      const diverged = trials.slice(design).filter((t) => isDivergent(surfacePoint(t.params)));
      expect(diverged.length).toBeLessThanOrEqual(2);
    }
  });

  it('learns an outcome constraint from the constrained values: after the design almost no trial breaks it', () => {
    const problem = constrainedSyntheticProblem(2.5, syntheticOptimum(2.5));
    const design = initialDesignSize(problem.dimensions.length);
    const infeasibleAfterDesign = (constraints: Problem['constraints']) =>
      [0, 1].map((seed) => {
        const { trials } = simulate({ algorithm: bayesSearch, dimensions: problem.dimensions, goal: problem.goal, ...(constraints ? { constraints } : {}), seed, budget: 30, evaluate: (p) => problem.evaluate(p, seed) });
        expect(trials.filter((t) => t.status === 'infeasible').every((t) => trainCost(surfacePoint(t.params)) > 2.5)).toBe(true);
        return trials.slice(design).filter((t) => t.status === 'infeasible').length;
      });
    const modelled = infeasibleAfterDesign(problem.constraints);
    expect(Math.max(...modelled)).toBeLessThanOrEqual(1);
    // told only which trials were infeasible, the classifier learns the region too, but more slowly
    expect(infeasibleAfterDesign(undefined).reduce((a, b) => a + b)).toBeGreaterThan(modelled.reduce((a, b) => a + b));
  });

  it('keeps to both ends of a constraint given as an interval', () => {
    const dimensions = [{ name: 'x', stage: 'train' as const, type: 'float' as const, low: 0, high: 1, log: false }];
    const evaluate = (p: Record<string, unknown>) => {
      const x = p.x as number;
      return 0.3 <= x && x <= 0.4 ? { status: 'succeeded' as const, objective: (x - 0.9) ** 2, constraintValues: [x] } : { status: 'infeasible' as const, objective: null, constraintValues: [x] };
    };
    const { trials } = simulate({ algorithm: bayesSearch, dimensions, goal: 'minimize', constraints: [{ min: 0.3, max: 0.4 }], seed: 3, budget: 25, evaluate });
    // no design point is feasible: before two trials succeed, the constraint model alone finds the region
    expect(trials.slice(0, initialDesignSize(1)).every((t) => t.status === 'infeasible')).toBe(true);
    expect(trials[initialDesignSize(1)]!.status).toBe('succeeded');
    // the optimum lies on the max: past the design, trials refine along it, the infeasible ones only just past it
    const later = trials.slice(initialDesignSize(1)).map((t) => t.params.x as number);
    expect(later.every((x) => x >= 0.3 && x <= 0.401)).toBe(true);
    expect(Math.max(...trials.filter((t) => t.status === 'succeeded').map((t) => t.params.x as number))).toBeGreaterThan(0.399);
  });

  it('spreads a parallel batch of 8: no duplicates, no near-identical points', () => {
    const problem = hartmann6Problem;
    const { trials } = simulate({ algorithm: bayesSearch, dimensions: problem.dimensions, goal: problem.goal, seed: 4, budget: 20, evaluate: (p) => problem.evaluate(p, 4) });
    const ordinals = Array.from({ length: 8 }, (_, i) => 20 + i);
    const batch = bayesSearch.suggest({ dimensions: problem.dimensions, goal: 'minimize', seed: 4, completed: trials, pending: [], ordinals });
    expect(batch).toHaveLength(8);
    const space = new SpaceEncoding(problem.dimensions);
    const points = [...batch, ...trials.map((t) => t.params)].map((p) => space.encode(p));
    for (let i = 0; i < batch.length; i++) {
      for (let j = 0; j < points.length; j++) {
        if (i === j) continue;
        const distance = Math.hypot(...points[i]!.map((x, k) => x - points[j]![k]!));
        expect(distance).toBeGreaterThan(1e-3);
      }
    }
  });

  it('keeps trials in flight together at least 0.001 apart, also while refining around the optimum', () => {
    const problem = hartmann6Problem;
    // seed 0 refines with trials 0.0006 apart in flight when nothing keeps them apart
    const { trials } = simulate({ algorithm: bayesSearch, dimensions: problem.dimensions, goal: problem.goal, seed: 0, budget: 80, parallelism: 8, evaluate: (p) => problem.evaluate(p, 0) });
    const space = new SpaceEncoding(problem.dimensions);
    const points = trials.map((t) => space.encode(t.params));
    let closest = Infinity;
    for (let i = 0; i < points.length; i++) {
      for (let j = Math.max(0, i - 7); j < i; j++) closest = Math.min(closest, space.squaredDistance(points[i]!, points[j]!));
    }
    expect(closest).toBeGreaterThanOrEqual(1e-3 ** 2);
  });

  it('gives the initial-design point of an ordinal whatever is pending', () => {
    const dims = braninProblem.dimensions;
    const alone = bayesSearch.suggest({ dimensions: dims, goal: 'minimize', seed: 9, completed: [], pending: [], ordinals: [3] });
    const pending = bayesSearch.suggest({ dimensions: dims, goal: 'minimize', seed: 9, completed: [], pending: [], ordinals: [0, 1, 2] });
    const later = bayesSearch.suggest({ dimensions: dims, goal: 'minimize', seed: 9, completed: [], pending: pending.map((params, ordinal) => ({ ordinal, params })), ordinals: [3] });
    expect(later).toEqual(alone);
  });

  it('maximises when asked to: the same search on −Branin finds the same region', () => {
    const negated: Problem = {
      ...braninProblem,
      goal: 'maximize',
      evaluate: (params, seed) => ({ status: 'succeeded', objective: -braninProblem.evaluate(params, seed).objective! }),
    };
    expect(bestRegret(negated, bayesSearch, 1, 25)).toBeLessThan(0.5);
  });

  it('copes with pruned trials and does not propose them again', () => {
    const dims = braninProblem.dimensions;
    const { trials } = simulate({ algorithm: bayesSearch, dimensions: dims, goal: 'minimize', seed: 5, budget: 12, evaluate: (p) => braninProblem.evaluate(p, 5) });
    const pruned = trials.map((t, i) => (i % 3 === 0 ? { ...t, status: 'pruned' as const, objective: null } : t));
    const [next] = bayesSearch.suggest({ dimensions: dims, goal: 'minimize', seed: 5, completed: pruned, pending: [], ordinals: [12] });
    const space = new SpaceEncoding(dims);
    expect(trials.map((t) => space.key(t.params))).not.toContain(space.key(next!));
  });
});
