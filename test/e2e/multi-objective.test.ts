import { describe, expect, it } from 'vitest';
import { surfacePoint, syntheticAccuracy, trainCost } from '../../src/trainers/synthetic/surface';
import { getSearch } from '../../src/db/index';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';

const objectives = [
  { metric: 'eval_accuracy', goal: 'maximize' },
  { metric: 'train_cost', goal: 'minimize' },
];
const space = {
  learning_rate: { type: 'float', values: [1e-4, 3e-4, 1e-3], log: true },
  gradient_accumulation_steps: { type: 'int', values: [1, 4] },
  num_train_epochs: { type: 'int', values: [1, 2, 4, 6] },
};
const spec = (extra: object) => ({ objectives, trainer: { name: 'synthetic' }, space, fixed: { steps: 2 }, seed: 5, budget: { parallelism: 3 }, ...extra });

interface Trial { id: string; ordinal: number; status: string; objective: number | null; params: Record<string, number>; metrics: Record<string, number> | null }

/** Brute force: the succeeded trials no other is at least as good in both objectives and better in one. */
function front(trials: Trial[]): Trial[] {
  const ok = trials.filter((t) => t.status === 'succeeded');
  const beats = (a: Trial, b: Trial) => {
    const [aa, ac, ba, bc] = [a.metrics!.eval_accuracy!, a.metrics!.train_cost!, b.metrics!.eval_accuracy!, b.metrics!.train_cost!];
    return aa >= ba && ac <= bc && (aa > ba || ac < bc);
  };
  return ok.filter((t) => !ok.some((o) => beats(o, t)));
}

describe.each(databaseKinds)('multi-objective search through the API (%s)', (kind) => {
  const stack = useTestStack(kind);

  it('ranks a grid by Pareto dominance: /pareto and /best list exactly the non-dominated trials, best accuracy first', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, spec({ algorithm: 'grid' }));
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 120_000);
    expect(done.status).toBe('succeeded');
    expect(done.objectives).toEqual(objectives);
    expect(done.objective).toEqual(objectives[0]);

    const trials: Trial[] = await allTrials(app, id);
    expect(trials).toHaveLength(24);
    for (const t of trials.filter((t) => t.status === 'succeeded')) {
      expect(t.metrics!.eval_accuracy).toBe(syntheticAccuracy(t.params, 5));
      expect(t.metrics!.train_cost).toBe(trainCost(surfacePoint(t.params)));
      expect(t.objective).toBe(t.metrics!.eval_accuracy);
    }
    const truth = front(trials).sort((a, b) => b.metrics!.eval_accuracy! - a.metrics!.eval_accuracy! || a.ordinal - b.ordinal);
    expect(truth.length).toBeGreaterThan(2);

    const pareto = await getJson(app, `/v1/searches/${id}/pareto`);
    expect(pareto.objectives).toEqual(objectives);
    expect(pareto.size).toBe(truth.length);
    expect(pareto.trials.map((t: Trial) => t.id)).toEqual(truth.map((t) => t.id));
    expect(await getJson(app, `/v1/searches/${id}/best`)).toEqual(pareto);

    const first = await app.inject({ method: 'GET', url: `/v1/searches/${id}/pareto` });
    const again = await app.inject({ method: 'GET', url: `/v1/searches/${id}/pareto`, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('tpe and bayes learn from both objectives, and a scalarization picks its best from the front', async () => {
    const app = stack().app!;
    const weights = [100, 1];
    const searches = await Promise.all(['tpe', 'bayes'].map((algorithm) => postSearch(app, spec({ algorithm, budget: { maxTrials: 12, parallelism: 3 }, scalarization: { weights } }))));
    for (const { id } of searches) {
      const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 120_000);
      expect(done.status).toBe('succeeded');
      const trials: Trial[] = await allTrials(app, id);
      expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(12);
      const pareto = await getJson(app, `/v1/searches/${id}/pareto`);
      expect(new Set(pareto.trials.map((t: Trial) => t.id))).toEqual(new Set(front(trials).map((t) => t.id)));
      const score = (t: Trial) => weights[0]! * t.metrics!.eval_accuracy! - weights[1]! * t.metrics!.train_cost!;
      const chosen = front(trials).reduce((a, b) => (score(b) > score(a) || (score(b) === score(a) && b.ordinal < a.ordinal) ? b : a));
      const best = await getJson(app, `/v1/searches/${id}/best`);
      expect(best.id).toBe(chosen.id);
    }
  });

  it('warm-starts from a single-objective search, reading both objectives from its trials; its first trial comes from the model', async () => {
    const app = stack().app!;
    const { id: source } = await postSearch(app, { ...spec({ algorithm: 'grid' }), objectives: undefined, objective: objectives[0] });
    await waitForSearch(app, source, ['succeeded'], 120_000);
    const warm = spec({ algorithm: 'bayes', budget: { maxTrials: 1 } });
    const { id } = await postSearch(app, { ...warm, warmStartFrom: [source] });
    const { id: cold } = await postSearch(app, warm);
    for (const search of [id, cold]) expect((await waitForSearch(app, search, ['succeeded', 'failed'], 120_000)).status).toBe('succeeded');

    const stored = (await getSearch(stack().database.db, id))!.resolved;
    const sourceTrials: Trial[] = await allTrials(app, source);
    expect(stored.warmStartObservations).toEqual(
      sourceTrials.map((t) => ({
        params: Object.fromEntries(Object.keys(space).map((name) => [name, t.params[name]])),
        status: t.status,
        objective: t.status === 'succeeded' ? t.objective : null,
        objectives: t.status === 'succeeded' ? [t.metrics!.eval_accuracy, t.metrics!.train_cost] : null,
      })),
    );
    const [warmTrial] = await allTrials(app, id);
    const [coldTrial] = await allTrials(app, cold);
    expect(warmTrial.params).not.toEqual(coldTrial.params);
  });

  it('answers /pareto of a single-objective search with its best trials, and of an unknown search with 404', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec({ algorithm: 'random', budget: { maxTrials: 4 } }), objectives: undefined, objective: objectives[0] });
    await waitForSearch(app, id, ['succeeded'], 60_000);
    const pareto = await getJson(app, `/v1/searches/${id}/pareto`);
    const best = await getJson(app, `/v1/searches/${id}/best`);
    expect(pareto).toMatchObject({ objectives: [objectives[0]], size: 1 });
    expect(pareto.trials[0].id).toBe(best.id);
    const missing = await app.inject({ method: 'GET', url: '/v1/searches/00000000-0000-4000-8000-000000000000/pareto' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
