import { describe, expect, it } from 'vitest';
import { createConfirmSweepActivities } from '../../activities/confirm';
import { checkSearchSummaries } from '../../src/db/index';
import { meanInterval, pessimisticBound, summarizeEvaluations } from '../../src/search/evaluations';
import { evaluationSeed } from '../../src/search-spec/trial-seed';
import { syntheticAccuracy } from '../../src/trainers/synthetic/surface';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';

const objective = { metric: 'eval_accuracy', goal: 'maximize' } as const;
const settled = ['succeeded', 'failed', 'cancelled'];
const seed = 7;
const space = {
  learning_rate: { type: 'float', values: [3e-5, 1e-4, 3e-4], log: true },
  num_train_epochs: { type: 'int', values: [2, 3] },
};
const fixed = { steps: 1, eval_noise: 0.02 };

interface Trial {
  id: string;
  ordinal: number;
  status: string;
  objective: number;
  params: Record<string, number>;
  metrics: Record<string, number>;
  evaluations: number;
  stdErrors: Record<string, number> | null;
  interval: { low: number; high: number; level: number } | null;
  beforeConfirmation: { objective: number; evaluations: number; interval: unknown } | null;
}

/** What the synthetic trainer reports for evaluations from..from+count-1 of a trial, summarised as the worker does. */
const expectedEvaluations = (t: Trial, count: number, from = 0) =>
  summarizeEvaluations(Array.from({ length: count }, (_, i) => ({ eval_accuracy: syntheticAccuracy(t.params, evaluationSeed(seed, from + i)) })));

/** The trial with the highest lower bound, ties to the lower ordinal. */
function highestBound(trials: Trial[]): Trial {
  const bound = (t: Trial) => pessimisticBound('maximize', t.objective, t.stdErrors?.eval_accuracy, t.evaluations) ?? Number.NEGATIVE_INFINITY;
  return [...trials].sort((a, b) => bound(b) - bound(a) || a.ordinal - b.ordinal)[0]!;
}

describe.each(databaseKinds)('repeated evaluations and confirm through the API (%s)', (kind) => {
  const stack = useTestStack(kind);

  it('evaluation.repeats: every trial stores the mean and standard error of its evaluations, its interval, and the best has the highest lower bound', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { objective, evaluation: { repeats: 3 }, algorithm: 'grid', trainer: { name: 'synthetic' }, space, fixed, seed, budget: { parallelism: 2 } });
    const done = await waitForSearch(app, id, settled, 120_000);
    expect(done.status).toBe('succeeded');
    const trials: Trial[] = await allTrials(app, id);
    expect(trials).toHaveLength(6);
    for (const t of trials) {
      const expected = expectedEvaluations(t, 3);
      expect(t.evaluations).toBe(3);
      expect(t.objective).toBeCloseTo(expected.means.eval_accuracy!, 12);
      expect(t.metrics.eval_accuracy).toBe(t.objective);
      expect(t.stdErrors!.eval_accuracy).toBeCloseTo(expected.stdErrors!.eval_accuracy!, 12);
      // the training metric is the same on every evaluation
      expect(t.stdErrors!.train_cost).toBe(0);
      const interval = meanInterval(t.objective, t.stdErrors!.eval_accuracy, 3)!;
      expect(t.interval!.low).toBeCloseTo(interval.low, 12);
      expect(t.interval!.high).toBeCloseTo(interval.high, 12);
      expect(t.interval!.level).toBe(0.95);
    }
    const best = highestBound(trials);
    expect(done.best.id).toBe(best.id);
    expect((await getJson(app, `/v1/searches/${id}/best`)).interval).toEqual(best.interval);
    expect(trials.every((t) => t.beforeConfirmation === null)).toBe(true);
    expect((await checkSearchSummaries(stack().database.db, { searchId: id })).mismatches).toEqual([]);
  });

  it("confirm: the best trials by a single evaluation are evaluated again with fresh seeds, which replace the search's evaluation, and the best is chosen among them by its lower bound", async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { objective, confirm: { topK: 2, repeats: 3 }, algorithm: 'grid', trainer: { name: 'synthetic' }, space, fixed, seed, budget: { parallelism: 2 } });
    const done = await waitForSearch(app, id, settled, 120_000);
    expect(done.status).toBe('succeeded');
    const trials: Trial[] = await allTrials(app, id);
    const bySingleValue = [...trials].sort((a, b) => expectedEvaluations(b, 1).means.eval_accuracy! - expectedEvaluations(a, 1).means.eval_accuracy! || a.ordinal - b.ordinal);
    const confirmed = bySingleValue.slice(0, 2);
    for (const t of confirmed) {
      const fresh = expectedEvaluations(t, 3, 1);
      expect(t.evaluations).toBe(3);
      expect(t.objective).toBeCloseTo(fresh.means.eval_accuracy!, 12);
      expect(t.stdErrors!.eval_accuracy).toBeCloseTo(fresh.stdErrors!.eval_accuracy!, 12);
      expect(t.interval).not.toBeNull();
      expect(t.beforeConfirmation).toEqual({ objective: expectedEvaluations(t, 1).means.eval_accuracy, evaluations: 1, interval: null });
    }
    for (const t of bySingleValue.slice(2))
      expect(t).toMatchObject({ evaluations: 1, stdErrors: null, interval: null, beforeConfirmation: null, objective: expectedEvaluations(t, 1).means.eval_accuracy });
    const best = highestBound(confirmed);
    expect(done.best.id).toBe(best.id);
    // what a resumed sweep would confirm: those of today's top 2 by objective not confirmed yet, from their next evaluation
    const topNow = [...trials].sort((a, b) => b.objective - a.objective || a.ordinal - b.ordinal).slice(0, 2);
    const left = await createConfirmSweepActivities(stack().database.db).confirmationTasks({ searchId: id });
    expect(left.map((task) => [task.trialId, task.evaluations])).toEqual(topNow.filter((t) => t.beforeConfirmation === null).map((t) => [t.id, { from: 1, count: 3 }]));
    expect(done.best.interval).toEqual(best.interval);
    expect((await checkSearchSummaries(stack().database.db, { searchId: id })).mismatches).toEqual([]);
  });
});
