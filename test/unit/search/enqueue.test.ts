import { describe, expect, it } from 'vitest';
import { algorithmNames } from '../../../src/search-spec/search-spec';
import type { Dimension } from '../../../src/search-spec/dimension';
import { admittedObservation, boundedObservations, warmStartIncompatibility } from '../../../src/search-spec/warm-start';
import { specBounds } from '../../../src/search-spec/bounds';
import { suggestAt } from '../../../src/search/index';
import type { Observation } from '../../../src/search/types';
import type { Params } from '../../../src/search-spec/space';

const dimensions: Dimension[] = [
  { name: 'epochs', stage: 'train', type: 'int', low: 1, high: 3, log: false },
  { name: 'scheduler', stage: 'train', type: 'categorical', values: ['linear', 'cosine'] },
];
const base = { dimensions, goal: 'maximize' as const, seed: 4, completed: [], pending: [] };
const enqueued: Params[] = [
  { epochs: 2, scheduler: 'cosine' },
  { epochs: 2, scheduler: 'cosine', seed: 9 },
  { epochs: 1, scheduler: 'linear' },
];

describe('enqueued configurations', () => {
  it.each(algorithmNames)('%s: ordinals 0..n-1 are the enqueued configurations, in order', (algorithm) => {
    expect(suggestAt(algorithm, { ...base, ordinals: [0, 1, 2], enqueued })).toEqual(enqueued);
    const [first, next] = suggestAt(algorithm, { ...base, ordinals: [2, 3], enqueued });
    expect(first).toEqual(enqueued[2]);
    expect(next).toBeDefined();
  });

  it('grid: runs the enqueued grid points first and leaves them out after, an enqueued configuration off the grid (or repeated) adding a trial', () => {
    const trials = suggestAt('grid', { ...base, ordinals: Array.from({ length: 20 }, (_, i) => i), enqueued });
    // 6 grid points, 2 of them enqueued, plus the repeat with another seed: 7 trials, then the grid is exhausted
    expect(trials).toHaveLength(7);
    expect(trials.slice(0, 3)).toEqual(enqueued);
    const points = trials.map((t) => `${t.epochs}/${t.scheduler}`);
    expect(new Set(points.slice(3)).size).toBe(4);
    expect(new Set(points)).toEqual(new Set(['1/linear', '1/cosine', '2/linear', '2/cosine', '3/linear', '3/cosine']));
  });

  it.each(algorithmNames)('%s: an empty space is the fixed configuration alone: one trial, then exhausted', (algorithm) => {
    expect(suggestAt(algorithm, { ...base, dimensions: [], ordinals: [0, 1, 2] })).toEqual([{}]);
  });
});

describe('warm-start compatibility', () => {
  const target = { trainer: { name: 'synthetic' }, objective: { metric: 'eval_accuracy', goal: 'maximize' as const }, dimensions, fixed: { steps: 3 } };

  it('accepts the same trainer, objective and parameters with overlapping values, a fixed value inside the space included', () => {
    expect(warmStartIncompatibility(target, target)).toBeUndefined();
    const source = { ...target, dimensions: [{ ...dimensions[0]!, low: 3, high: 9 }], fixed: { scheduler: 'cosine' } };
    expect(warmStartIncompatibility(target, source)).toBeUndefined();
  });

  it.each([
    ['another trainer', { trainer: { name: 'nsmc' } }, /trainer 'nsmc'/],
    ['another metric', { objective: { metric: 'eval_loss', goal: 'maximize' } }, /objective is maximize eval_loss/],
    ['another goal', { objective: { metric: 'eval_accuracy', goal: 'minimize' } }, /objective is minimize eval_accuracy/],
    ['a missing parameter', { dimensions: [dimensions[0]!] }, /neither searches nor fixes 'scheduler'/],
    ['disjoint ranges', { dimensions: [{ ...dimensions[0]!, low: 4, high: 9 }, dimensions[1]!] }, /'epochs' \(int\) has no value in this space/],
    ['categorical for numeric', { dimensions: [{ name: 'epochs', stage: 'train', type: 'categorical', values: [1, 2] }, dimensions[1]!] }, /'epochs' \(categorical\)/],
    ['a fixed value outside the space', { dimensions: [dimensions[0]!], fixed: { scheduler: 'constant' } }, /fixes 'scheduler' at "constant"/],
  ])('refuses %s', (_, change, reason) => {
    expect(warmStartIncompatibility(target, { ...target, ...change } as typeof target)).toMatch(reason);
  });

  it('admits a source trial only with every searched value in the space and the fixed values equal (or absent), keeping the searched parameters', () => {
    const trial = { params: { epochs: 2, scheduler: 'linear', steps: 3, temperature: 0.5 }, status: 'succeeded' as const, objective: 0.8 };
    expect(admittedObservation(target, trial)).toEqual({ params: { epochs: 2, scheduler: 'linear' }, status: 'succeeded', objective: 0.8 });
    expect(admittedObservation(target, { ...trial, params: { epochs: 2, scheduler: 'linear' } })).toBeDefined();
    expect(admittedObservation(target, { ...trial, params: { ...trial.params, epochs: 5 } })).toBeUndefined();
    expect(admittedObservation(target, { ...trial, params: { ...trial.params, steps: 4 } })).toBeUndefined();
  });

  it("judges a source trial that ran to the end again under the target's constraints, from its final metrics", () => {
    const constrained = { ...target, constraints: [{ metric: 'train_cost', max: 3 }] };
    const ran = (status: 'succeeded' | 'infeasible', cost: number) => ({
      params: { epochs: 2, scheduler: 'linear' },
      status,
      objective: status === 'succeeded' ? 0.8 : null,
      metrics: { eval_accuracy: 0.8, train_cost: cost },
    });
    expect(admittedObservation(constrained, ran('succeeded', 4))).toMatchObject({ status: 'infeasible', objective: 0.8, constraintValues: [4] });
    expect(admittedObservation(constrained, ran('infeasible', 2))).toMatchObject({ status: 'succeeded', objective: 0.8, constraintValues: [2] });
    expect(admittedObservation(target, ran('infeasible', 9))).toEqual({ params: { epochs: 2, scheduler: 'linear' }, status: 'succeeded', objective: 0.8 });
    // without the constrained metric the source's verdict stands, and a failed trial stays failed
    expect(admittedObservation(constrained, { ...ran('succeeded', 1), metrics: { eval_accuracy: 0.8 } })).toEqual({ params: { epochs: 2, scheduler: 'linear' }, status: 'succeeded', objective: 0.8 });
    expect(admittedObservation(constrained, { ...ran('succeeded', 1), status: 'failed', objective: null })).toMatchObject({ status: 'failed', objective: null });
  });

  it("reads a multi-objective target's objective vector from a source trial's metrics, leaving out one that lacks an objective", () => {
    const objectives = [{ metric: 'eval_accuracy', goal: 'maximize' as const }, { metric: 'train_cost', goal: 'minimize' as const }];
    const several = { ...target, objectives };
    const trial = { params: { epochs: 2, scheduler: 'linear' }, status: 'succeeded' as const, objective: 0.8, metrics: { eval_accuracy: 0.8, train_cost: 2.5 } };
    expect(admittedObservation(several, trial)).toEqual({ params: trial.params, status: 'succeeded', objective: 0.8, objectives: [0.8, 2.5] });
    expect(admittedObservation(several, { ...trial, metrics: { eval_accuracy: 0.8 } })).toBeUndefined();
    expect(admittedObservation(several, { ...trial, status: 'diverged', objective: null, metrics: { train_loss: 9 } })).toEqual({ params: trial.params, status: 'diverged', objective: null, objectives: null });
    const constrained = { ...several, constraints: [{ metric: 'train_cost', max: 2 }] };
    expect(admittedObservation(constrained, trial)).toEqual({ params: trial.params, status: 'infeasible', objective: 0.8, objectives: null, constraintValues: [2.5] });
    const source = { ...target, objective: { metric: 'eval_loss', goal: 'minimize' as const } };
    expect(warmStartIncompatibility(several, source)).toBeUndefined();
    expect(warmStartIncompatibility(target, source)).toMatch(/its objective is minimize eval_loss/);
  });

  it(`keeps at most ${specBounds.warmStartObservations} observations, the best among them`, () => {
    const many: Observation[] = Array.from({ length: 2500 }, (_, i) => ({ params: { epochs: 1 + (i % 3), scheduler: 'linear' }, status: 'succeeded', objective: i === 1234 ? 2 : i / 2500 }));
    const kept = boundedObservations(many, 'maximize');
    expect(kept).toHaveLength(specBounds.warmStartObservations);
    expect(kept).toContain(many[1234]);
    expect(boundedObservations(many.slice(0, 10), 'maximize')).toEqual(many.slice(0, 10));
  });
});
