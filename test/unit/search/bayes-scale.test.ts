import { describe, expect, it } from 'vitest';
import { bayesSearch } from '../../../src/search/bayes';
import { SpaceEncoding } from '../../../src/search/encoding';
import { dimensionAdmits } from '../../../src/search-spec/dimension';
import { randomSearch } from '../../../src/search/random';
import { syntheticOptimum, syntheticProblem } from '../../../bench/simulation/problems';
import type { SuggestRequest } from '../../../src/search/types';

const problem = syntheticProblem(syntheticOptimum());

/** A random history of `size` trials on the synthetic surface (diverged ones among them), the last two still pending. */
function requestAfter(size: number): SuggestRequest {
  const ordinals = Array.from({ length: size }, (_, i) => i);
  const history = randomSearch
    .suggest({ dimensions: problem.dimensions, goal: problem.goal, seed: 7, completed: [], pending: [], ordinals })
    .map((params, ordinal) => ({ ordinal, params, ...problem.evaluate(params, 7) }));
  return {
    dimensions: problem.dimensions,
    goal: problem.goal,
    seed: 7,
    completed: history.slice(0, size - 2),
    pending: history.slice(size - 2).map(({ ordinal, params }) => ({ ordinal, params })),
    ordinals: [size, size + 1],
  };
}

describe('bayes at scale', () => {
  // What the search suggested before the models were bounded, which conditioned on every observation.
  it.each([
    [
      60,
      [
        { gradient_accumulation_steps: 4, learning_rate: 0.0006208288364653535, lr_scheduler_type: 'cosine', num_train_epochs: 3, temperature: 0, top_p: 0.5624444089629238 },
        { gradient_accumulation_steps: 16, learning_rate: 0.0011243568776626656, lr_scheduler_type: 'cosine', num_train_epochs: 3, temperature: 0, top_p: 0.5 },
      ],
    ],
    [
      250,
      [
        { gradient_accumulation_steps: 1, learning_rate: 0.0003772725896628448, lr_scheduler_type: 'cosine', num_train_epochs: 3, temperature: 0, top_p: 0.7619761707386085 },
        { gradient_accumulation_steps: 16, learning_rate: 0.0011118257125378606, lr_scheduler_type: 'cosine', num_train_epochs: 3, temperature: 0, top_p: 0.736745062867427 },
      ],
    ],
  ])('suggests exactly what it did before for %i observations', (size, expected) => {
    expect(bayesSearch.suggest(requestAfter(size))).toEqual(expected);
  });

  it('suggests new valid points after 2,000 observations, a quarter of them pruned, the same ones for the same request', () => {
    const history = requestAfter(2000);
    const request = { ...history, completed: history.completed.map((t) => (t.ordinal % 4 === 3 ? { ...t, status: 'pruned' as const, objective: null } : t)) };
    const suggestions = bayesSearch.suggest(request);
    expect(suggestions).toHaveLength(2);
    const space = new SpaceEncoding(problem.dimensions);
    const seen = new Set([...request.completed, ...request.pending].map((t) => space.key(t.params)));
    for (const params of suggestions) {
      expect(seen.has(space.key(params))).toBe(false);
      for (const d of problem.dimensions) expect(dimensionAdmits(d, params[d.name])).toBe(true);
    }
    expect(new Set(suggestions.map((p) => space.key(p))).size).toBe(2);
    expect(bayesSearch.suggest(structuredClone(request))).toEqual(suggestions);
  });
});
