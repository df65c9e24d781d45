import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getJson, postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';

/**
 * On the synthetic surface (src/trainers/synthetic/surface.ts), with the epochs fixed, the learning rate moves
 * accuracy by about 0.1 across this range (−0.045 per squared decade from 10^−3.5) and diverges above 10^−2.2;
 * the scheduler moves it by at most 0.026, a temperature up to 0.3 by at most 0.02.
 */
const bayesSpec = (maxTrials: number) => ({
  name: 'importance on the synthetic surface',
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'bayes',
  seed: 21,
  // one trial at a time: the history, and so the answer, depends on the seed alone, not on which trial finishes first
  budget: { maxTrials, parallelism: 1 },
  trainer: { name: 'synthetic' },
  space: {
    temperature: { type: 'float', low: 0, high: 0.3 },
    lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine', 'constant', 'constant_with_warmup'] },
    learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true },
    top_p: { type: 'float', values: [1] },
  },
  fixed: { steps: 1, num_train_epochs: 3 },
});

describe('GET /v1/searches/:id/importance', () => {
  const stack = useTestStack('pglite');

  it('ranks the learning rate above the scheduler on a bayes search of the synthetic surface, every varying parameter in order', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, bayesSpec(40));
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 120_000);
    expect(done.status).toBe('succeeded');

    const answer = await getJson(app, `/v1/searches/${id}/importance`);
    expect(answer.reason).toBeNull();
    expect(answer.objective).toEqual({ metric: 'eval_accuracy', goal: 'maximize' });
    // diverged trials have no accuracy to explain
    expect(answer.trialsUsed).toBe(done.progress.succeeded);
    // single-valued top_p and the fixed values are not parameters
    expect(answer.parameters.map((p: { name: string }) => p.name)).toEqual(['learning_rate', 'lr_scheduler_type', 'temperature']);
    const share = Object.fromEntries(answer.parameters.map((p: { name: string; share: number }) => [p.name, p.share]));
    expect(answer.parameters.reduce((sum: number, p: { share: number }) => sum + p.share, 0)).toBeCloseTo(1, 10);
    expect(share.learning_rate).toBeGreaterThan(share.lr_scheduler_type);
    expect(share.learning_rate).toBeGreaterThan(share.temperature);
    for (const p of answer.parameters) expect(p.shareStd).toBeGreaterThanOrEqual(0);
    console.log(
      `importance on the synthetic surface (${answer.trialsUsed} trials): ${JSON.stringify(answer.parameters)}, main effects ${answer.mainEffectFraction}`,
    );

    // reproducible: the same trials and seed give the same answer
    expect(await getJson(app, `/v1/searches/${id}/importance`)).toEqual(answer);
    // and more trials a new one: the estimate kept for the search is not served once its trials change
    const extended = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: { 'content-type': 'application/json' }, payload: { maxTrials: 43 } });
    expect(extended.statusCode, extended.body).toBe(202);
    const more = await waitForSearch(app, id, ['succeeded'], 60_000);
    expect(more.progress.succeeded).toBeGreaterThan(done.progress.succeeded);
    expect((await getJson(app, `/v1/searches/${id}/importance`)).trialsUsed).toBe(more.progress.succeeded);
  });

  it('answers 200 with no parameters and a reason for too few succeeded trials, and 404 for an unknown search', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...bayesSpec(3), algorithm: 'random' });
    await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 60_000);
    expect(await getJson(app, `/v1/searches/${id}/importance`)).toMatchObject({
      parameters: [],
      mainEffectFraction: null,
      reason: 'too-few-trials',
    });

    const missing = await app.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}/importance` });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
