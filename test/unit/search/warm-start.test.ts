import { describe, expect, it } from 'vitest';
import { simulate } from '../../../bench/simulation/loop';
import { syntheticOptimum, syntheticProblem } from '../../../bench/simulation/problems';
import { quantile } from '../../../bench/stats';
import { bayesSearch } from '../../../src/search/bayes';
import { tpeSearch } from '../../../src/search/tpe';
import type { Observation, ObservedTrial } from '../../../src/search/types';

const problem = syntheticProblem(syntheticOptimum());
const sourceTrials = 20;
const budget = 30;
/** Regret (accuracy below the noiseless optimum) the new search must reach. */
const targetRegret = 0.01;

const source = (seed: number) =>
  simulate({ algorithm: bayesSearch, dimensions: problem.dimensions, goal: problem.goal, seed, budget: sourceTrials, evaluate: (p) => problem.evaluate(p, seed) }).trials;

/** Sequential bayes search until a succeeded trial's regret is at most the target: the 1-based count of its trials, budget + 1 when never. */
function trialsToTarget(seed: number, prior: readonly Observation[]): number {
  const completed: ObservedTrial[] = [];
  for (let ordinal = 0; ordinal < budget; ordinal++) {
    const [params] = bayesSearch.suggest({ dimensions: problem.dimensions, goal: problem.goal, seed, completed, pending: [], ordinals: [ordinal], prior });
    const outcome = problem.evaluate(params!, seed);
    if (outcome.status === 'succeeded' && problem.regret(params!) <= targetRegret) return ordinal + 1;
    completed.push({ ordinal, params: params!, ...outcome });
  }
  return budget + 1;
}

describe('warm start', () => {
  it('reaches the target regret on the synthetic surface in fewer new trials than a cold start (median of 5 seeds)', () => {
    const rows = [1, 2, 3, 4, 5].map((seed) => ({ seed, cold: trialsToTarget(seed, []), warm: trialsToTarget(seed, source(1000 + seed)) }));
    const summary = { seed: 'median', cold: quantile(rows.map((r) => r.cold), 0.5), warm: quantile(rows.map((r) => r.warm), 0.5) };
    console.log(
      `bayes on the synthetic surface: trials to regret ≤ ${targetRegret} (${budget + 1}: not within ${budget}); warm: from a finished ${sourceTrials}-trial bayes search of another seed`,
    );
    console.table([...rows, summary]);
    expect(summary.warm).toBeLessThan(summary.cold);
  });

  it('skips the initial design: the first suggestion of a warm search comes from the model', () => {
    const prior = source(77);
    const request = { dimensions: problem.dimensions, goal: problem.goal, seed: 5, completed: [], pending: [], ordinals: [0] };
    const [coldBayes] = bayesSearch.suggest(request);
    const [warmBayes] = bayesSearch.suggest({ ...request, prior });
    expect(problem.regret(warmBayes!)).toBeLessThan(problem.regret(coldBayes!));
    const best = prior.filter((t) => t.status === 'succeeded').reduce((a, b) => (b.objective! > a.objective! ? b : a));
    expect(Math.abs(Math.log10(warmBayes!.learning_rate as number) - Math.log10(best.params.learning_rate as number))).toBeLessThan(0.5);
    // the design point is the same whatever the observations; a warm tpe samples around the good ones instead
    expect(tpeSearch.suggest(request)).toEqual(bayesSearch.suggest(request));
    expect(tpeSearch.suggest({ ...request, prior })).not.toEqual(tpeSearch.suggest(request));
  });
});
