import { describe, expect, it } from 'vitest';
import { checkSearchSummaries } from '../../src/db/index';
import { initialDesignSize } from '../../src/search/initial-design';
import { surfacePoint, trainCost } from '../../src/trainers/synthetic/surface';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';

const objective = { metric: 'eval_accuracy', goal: 'maximize' };
const settled = ['succeeded', 'failed', 'cancelled'];

interface Trial { id: string; ordinal: number; status: string; objective: number | null; error: string | null; params: Record<string, number>; metrics: Record<string, number> | null }

const costOf = (t: Trial) => trainCost(surfacePoint(t.params));

describe.each(databaseKinds)('outcome constraints through the API (%s)', (kind) => {
  const stack = useTestStack(kind);

  it('ends every trial above a max infeasible with the reason, counts them, and picks the best among the feasible ones', async () => {
    const app = stack().app!;
    const constraints = [{ metric: 'train_cost', max: 3 }];
    const space = {
      learning_rate: { type: 'float', values: [1e-5, 3e-5, 1e-4], log: true },
      gradient_accumulation_steps: { type: 'int', values: [1, 4] },
      num_train_epochs: { type: 'int', values: [1, 2, 4, 6] },
    };
    const { id } = await postSearch(app, { objective, constraints, algorithm: 'grid', trainer: { name: 'synthetic' }, space, fixed: { steps: 2 }, seed: 5, budget: { parallelism: 3 } });
    const done = await waitForSearch(app, id, settled, 120_000);
    expect(done.status).toBe('succeeded');
    expect(done.constraints).toEqual(constraints);

    const trials: Trial[] = await allTrials(app, id);
    const infeasible = trials.filter((t) => costOf(t) > 3);
    expect(infeasible).toHaveLength(12);
    for (const t of infeasible) {
      expect(t).toMatchObject({ status: 'infeasible', objective: null, error: `infeasible: train_cost = ${costOf(t)} is above its max 3 (constraints.0)` });
      expect(t.metrics!.train_cost).toBe(costOf(t));
      expect(Number.isFinite(t.metrics!.eval_accuracy)).toBe(true);
    }
    const feasible = trials.filter((t) => costOf(t) <= 3);
    expect(feasible.every((t) => t.status === 'succeeded' && t.objective === t.metrics!.eval_accuracy)).toBe(true);
    expect(done.progress).toMatchObject({ finished: 24, succeeded: 12, infeasible: 12, failed: 0 });

    // at these low learning rates more epochs pay: the most accurate trial is infeasible
    const best = feasible.reduce((a, b) => (b.objective! > a.objective! || (b.objective === a.objective && b.ordinal < a.ordinal) ? b : a));
    expect(Math.max(...infeasible.map((t) => t.metrics!.eval_accuracy!))).toBeGreaterThan(best.objective!);
    expect((await getJson(app, `/v1/searches/${id}/best`)).id).toBe(best.id);
    expect(done.best.id).toBe(best.id);

    const listed = await getJson(app, `/v1/searches/${id}/trials?status=infeasible&limit=100`);
    expect(new Set(listed.items.map((t: Trial) => t.id))).toEqual(new Set(infeasible.map((t) => t.id)));
    expect((await checkSearchSummaries(stack().database.db, { searchId: id })).mismatches).toEqual([]);
  });

  it('bayes learns the feasible region: after its initial design few trials break the constraint', async () => {
    const app = stack().app!;
    const space = {
      learning_rate: { type: 'float', low: 1e-5, high: 5e-3, log: true },
      gradient_accumulation_steps: { type: 'int', values: [1, 2, 4, 8, 16] },
      num_train_epochs: { type: 'int', low: 1, high: 8 },
    };
    const { id } = await postSearch(app, {
      objective,
      constraints: [{ metric: 'train_cost', max: 2.5 }],
      algorithm: 'bayes',
      trainer: { name: 'synthetic' },
      space,
      fixed: { steps: 1 },
      seed: 2,
      budget: { maxTrials: 30, parallelism: 1 },
    });
    const done = await waitForSearch(app, id, settled, 180_000);
    expect(done.status).toBe('succeeded');
    const trials: Trial[] = (await allTrials(app, id)).sort((a: Trial, b: Trial) => a.ordinal - b.ordinal);
    expect(trials.filter((t) => t.status !== 'succeeded').map((t) => [t.ordinal, t.status])).toEqual(trials.filter((t) => costOf(t) > 2.5).map((t) => [t.ordinal, 'infeasible']));
    const design = initialDesignSize(3);
    const share = (list: Trial[]) => list.filter((t) => t.status === 'infeasible').length / list.length;
    // a uniform draw is infeasible 80% of the time (32 of the 40 epoch and accumulation pairs cost more than 2.5)
    expect(share(trials.slice(design))).toBeLessThanOrEqual(0.2);
    expect(share(trials.slice(design))).toBeLessThan(share(trials.slice(0, design)));
  });

  it('fails a search whose every trial is infeasible, saying so', async () => {
    const app = stack().app!;
    const space = { num_train_epochs: { type: 'int', values: [1, 2, 3] } };
    const { id } = await postSearch(app, { objective, constraints: [{ metric: 'train_cost', max: 0.5 }], algorithm: 'grid', trainer: { name: 'synthetic' }, space, fixed: { steps: 1 } });
    const done = await waitForSearch(app, id, settled, 120_000);
    expect(done).toMatchObject({ status: 'failed', reason: 'all-trials-failed', error: 'no trial succeeded (3 infeasible)', progress: { infeasible: 3 }, best: null });
    expect((await app.inject({ method: 'GET', url: `/v1/searches/${id}/best` })).statusCode).toBe(404);
  });
});
