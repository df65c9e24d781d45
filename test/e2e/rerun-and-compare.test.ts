import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getSearch } from '../../src/db/index';
import { sweepWorkflowId } from '../../src/temporal/sweep-control';
import { syntheticAccuracy } from '../../src/trainers/synthetic/surface';
import { allTrials, getJson, jsonType, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';
import { until } from '../support/until';

const maximizeAccuracy = { metric: 'eval_accuracy', goal: 'maximize' };
const searched = {
  learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true },
  lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine', 'constant'] },
};
const enqueued = [
  { learning_rate: 3e-4, lr_scheduler_type: 'cosine' },
  { learning_rate: 1e-5, lr_scheduler_type: 'constant' },
  { learning_rate: 3e-4, lr_scheduler_type: 'cosine', seed: 8 },
];

/** The most trials running at any one moment, from their stored start and finish times. */
function mostAtOnce(trials: { startedAt: string; finishedAt: string }[]): number {
  const spans = trials.map((t) => [Date.parse(t.startedAt), Date.parse(t.finishedAt)] as const);
  return Math.max(...spans.map(([start]) => spans.filter(([s, f]) => s <= start && start < f).length));
}

describe.each(databaseKinds)('re-runs, warm starts and comparisons through the API (%s)', (kind) => {
  const stack = useTestStack(kind);
  const ids = {} as { enqueued: string; otherObjective: string; parallel: string };

  it('runs the enqueued configurations first, at ordinals 0..k-1, and a crash and resume in between repeats and skips none', async () => {
    const app = stack().app!;
    const spec = { objective: maximizeAccuracy, algorithm: 'random', seed: 5, budget: { maxTrials: 6, parallelism: 1 }, trainer: { name: 'synthetic' }, space: searched, fixed: { steps: 3, duration_ms: 250 }, enqueue: enqueued };
    const { id } = await postSearch(app, spec);
    ids.enqueued = id;
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.finished >= 1, 30_000, 'the first enqueued trial finished');
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).terminate('simulated crash of the sweep');
    const before = (await allTrials(app, id)).filter((t) => t.status === 'succeeded');
    expect((await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType })).statusCode).toBe(202);
    expect((await waitForSearch(app, id, ['succeeded', 'failed'])).status).toBe('succeeded');

    const trials = await allTrials(app, id);
    expect(trials.map((t) => t.ordinal)).toEqual([0, 1, 2, 3, 4, 5]);
    enqueued.forEach((configuration, i) => expect(trials[i].params).toEqual({ ...spec.fixed, ...configuration }));
    for (const configuration of enqueued)
      expect(trials.filter((t) => isDeepStrictEqual(t.params, { ...spec.fixed, ...configuration }))).toHaveLength(1);
    for (const trial of before) expect(trials[trial.ordinal]).toMatchObject({ id: trial.id, finishedAt: trial.finishedAt, attempt: trial.attempt });
    // the seed an enqueued configuration names is its trial's seed
    expect(trials[2].objective).toBe(syntheticAccuracy(trials[2].params, 8));
    expect(trials[0].objective).toBe(syntheticAccuracy(trials[0].params, spec.seed));
  });

  it('runs an empty space with fixed values as one trial of exactly the fixed configuration', async () => {
    const app = stack().app!;
    const fixed = { learning_rate: 2e-4, lr_scheduler_type: 'cosine', steps: 2 };
    const { id } = await postSearch(app, { objective: { metric: 'eval_loss', goal: 'minimize' }, algorithm: 'random', trainer: { name: 'synthetic' }, space: {}, fixed });
    ids.otherObjective = id;
    const done = await waitForSearch(app, id, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', reason: 'budget', progress: { maxTrials: 1, succeeded: 1 } });
    expect((await allTrials(app, id)).map((t) => t.params)).toEqual([fixed]);
  });

  it('hands a searched seed to the trainer as the trial seed: a grid over seeds, one of them enqueued first', async () => {
    const app = stack().app!;
    const fixed = { learning_rate: 3e-4, steps: 2 };
    const { id } = await postSearch(app, {
      objective: maximizeAccuracy, algorithm: 'grid', seed: 0, budget: { parallelism: 3 }, trainer: { name: 'synthetic' },
      space: { seed: { type: 'categorical', values: [1, 2, 3] } }, fixed, enqueue: [{ seed: 3 }],
    });
    const done = await waitForSearch(app, id, ['succeeded', 'failed']);
    expect(done.progress).toMatchObject({ maxTrials: 3, succeeded: 3 });
    const trials = await allTrials(app, id);
    expect(trials.map((t) => t.params.seed)).toEqual([3, 1, 2]);
    for (const trial of trials) {
      expect(trial.objective).toBe(syntheticAccuracy(trial.params, trial.params.seed));
      expect(trial.objective).not.toBe(syntheticAccuracy(trial.params, 0));
    }
    expect(new Set(trials.map((t) => t.trainKey)).size).toBe(3);
  });

  it('resumes a cancelled search with another parallelism, and refuses one out of bounds or while the sweep runs', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { objective: maximizeAccuracy, algorithm: 'random', seed: 9, budget: { maxTrials: 8, parallelism: 1 }, trainer: { name: 'synthetic' }, space: searched, fixed: { steps: 2, duration_ms: 600 } });
    ids.parallel = id;
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.finished >= 1, 30_000, 'one finished trial');
    const whileRunning = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, payload: { parallelism: 3 } });
    expect(whileRunning.statusCode).toBe(409);
    expect(whileRunning.json().errors).toEqual([expect.objectContaining({ field: 'parallelism' })]);
    for (const parallelism of [0, 257, 1.5]) {
      const rejected = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, payload: { parallelism } });
      expect(rejected.statusCode).toBe(400);
      expect(rejected.json().errors.map((e: { field: string }) => e.field)).toEqual(['parallelism']);
    }
    expect((await app.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType })).statusCode).toBe(202);
    await waitForSearch(app, id, ['cancelled']);
    const before = await allTrials(app, id);
    const lastBefore = Math.max(...before.map((t) => t.ordinal));

    const resumed = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, payload: { parallelism: 3 } });
    expect(resumed.statusCode).toBe(202);
    expect(resumed.json().search.parallelism).toBe(3);
    expect((await waitForSearch(app, id, ['succeeded', 'failed'])).parallelism).toBe(3);
    const trials = await allTrials(app, id);
    expect(trials.map((t) => t.ordinal)).toEqual([...Array(8).keys()]);
    expect(mostAtOnce(before.filter((t) => t.status === 'succeeded'))).toBe(1);
    expect(mostAtOnce(trials.filter((t) => t.ordinal > lastBefore))).toBe(3);
    const events = (await getJson(app, `/v1/searches/${id}/events`)).items;
    expect(events.at(-1)).toMatchObject({ kind: 'resumed', detail: { parallelism: { from: 1, to: 3 } } });
  });

  it('compares searches of one objective: progress, best trial and the best objective after each completed trial', async () => {
    const app = stack().app!;
    const comparison = await getJson(app, `/v1/compare?searches=${ids.parallel},${ids.enqueued}`);
    expect(comparison.objective).toEqual(maximizeAccuracy);
    expect(comparison.searches.map((s: any) => s.search.id)).toEqual([ids.parallel, ids.enqueued]);
    for (const { search, completed, bestSoFar } of comparison.searches) {
      const trials = (await allTrials(app, search.id)).filter((t) => t.status !== 'cancelled');
      expect(completed).toBe(trials.length);
      let best: number | null = null;
      const expected = trials.map((t, i) => {
        if (t.status === 'succeeded' && (best === null || t.objective > best)) best = t.objective;
        return { trials: i + 1, ordinal: t.ordinal, best };
      });
      expect(bestSoFar).toEqual(expected);
      expect(bestSoFar.at(-1).best).toBe(search.best.objective);
    }
  });

  it('refuses a comparison naming searches: other objectives, unknown ids, too few or too many, not ids', async () => {
    const app = stack().app!;
    const fieldsOf = async (query: string, status: number) => {
      const response = await app.inject({ method: 'GET', url: `/v1/compare?${query}` });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      return response.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await fieldsOf(`searches=${ids.enqueued},${ids.otherObjective}`, 400)).toEqual(['searches']);
    expect(await fieldsOf(`searches=${ids.enqueued},00000000-0000-4000-8000-000000000000`, 404)).toEqual(['searches']);
    expect(await fieldsOf(`searches=${ids.enqueued}`, 400)).toEqual(['searches']);
    expect(await fieldsOf(`searches=${ids.enqueued},${ids.enqueued}`, 400)).toEqual(['searches']);
    expect(await fieldsOf(`searches=${Array.from({ length: 11 }, () => ids.enqueued).join(',')}`, 400)).toEqual(['searches']);
    expect(await fieldsOf('searches=a,b', 400)).toEqual(['searches.0', 'searches.1']);
  });

  it('warm-starts a bayes search from a finished one: its first trial comes from the model, not the initial design', async () => {
    const app = stack().app!;
    const bayes = (extra: object) => ({ objective: maximizeAccuracy, algorithm: 'bayes', seed: 3, trainer: { name: 'synthetic' }, space: searched, fixed: { steps: 2 }, ...extra });
    const { id: source } = await postSearch(app, bayes({ seed: 40, budget: { maxTrials: 10, parallelism: 2 } }));
    await waitForSearch(app, source, ['succeeded']);
    const { id: warm } = await postSearch(app, bayes({ budget: { maxTrials: 1 }, warmStartFrom: [source] }));
    const { id: cold } = await postSearch(app, bayes({ budget: { maxTrials: 1 } }));
    await waitForSearch(app, warm, ['succeeded']);
    await waitForSearch(app, cold, ['succeeded']);

    const stored = (await getSearch(stack().database.db, warm))!.resolved;
    const sourceTrials = (await allTrials(app, source)).filter((t) => t.status !== 'cancelled');
    expect(stored.warmStartObservations).toEqual(
      sourceTrials.map((t) => ({ params: { learning_rate: t.params.learning_rate, lr_scheduler_type: t.params.lr_scheduler_type }, status: t.status, objective: t.status === 'succeeded' ? t.objective : null })),
    );
    const [warmTrial] = await allTrials(app, warm);
    const [coldTrial] = await allTrials(app, cold);
    expect(warmTrial.params).not.toEqual(coldTrial.params);
    expect((await getJson(app, `/v1/compare?searches=${warm},${source}`)).searches[0].completed).toBe(1);
  });

  it('refuses warmStartFrom naming the entry: an unknown search, another objective, an algorithm without a model', async () => {
    const app = stack().app!;
    const spec = (warmStartFrom: string[], algorithm = 'tpe') => ({ objective: maximizeAccuracy, algorithm, budget: { maxTrials: 3 }, trainer: { name: 'synthetic' }, space: searched, warmStartFrom });
    const problems = async (body: object) => {
      const response = await app.inject({ method: 'POST', url: '/v1/searches', payload: body });
      expect(response.statusCode, response.body).toBe(400);
      return response.json().errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`);
    };
    expect(await problems(spec([ids.enqueued, '00000000-0000-4000-8000-000000000000']))).toEqual(['warmStartFrom.1: search 00000000-0000-4000-8000-000000000000 does not exist']);
    expect(await problems(spec([ids.otherObjective]))).toEqual([expect.stringMatching(/^warmStartFrom\.0: cannot warm-start from search .*: its objective is minimize eval_loss, not maximize eval_accuracy$/)]);
    expect(await problems(spec([ids.enqueued], 'random'))).toEqual([expect.stringMatching(/^warmStartFrom: random search learns nothing/)]);
  });
});
