import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app';
import type { SweepControl } from '../../src/searches/index';
import { getJson, waitForSearch } from '../support/api';
import { startTestStack, type TestStack } from '../support/stack';

const spec = (seed: number) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed,
  budget: { maxTrials: 2 },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
  fixed: { steps: 1 },
});

const post = (app: FastifyInstance, body: object, key?: string) =>
  app.inject({ method: 'POST', url: '/v1/searches', payload: body, headers: key ? { 'idempotency-key': key } : {} });

describe('creating a search is safe to retry', () => {
  let stack: TestStack;
  let flakyApp: FastifyInstance;
  let failStarts = 0;
  beforeAll(async () => {
    stack = await startTestStack('pglite');
    // the real sweep engine, with the first starts failing as they do when Temporal does not answer in time
    const sweeps: SweepControl = { ...stack.sweeps, start: (...args) => (failStarts-- > 0 ? Promise.reject(new Error('deadline exceeded')) : stack.sweeps.start(...args)) };
    flakyApp = await buildApp({ database: stack.database, sweeps, trainers: stack.catalogue, files: stack.files });
  });
  afterAll(async () => {
    await flakyApp?.close();
    await stack?.stop();
  });

  it('answers a retry with the same Idempotency-Key and spec with the same search, and refuses the key for another spec', async () => {
    const app = stack.app!;
    const first = await post(app, spec(1), 'create-once');
    expect(first.statusCode).toBe(201);
    const again = await post(app, spec(1), 'create-once');
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await post(app, spec(2), 'create-once');
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0].field).toBe('idempotency-key');
    expect((await waitForSearch(app, first.json().id, ['succeeded'])).progress.finished).toBe(2);
  });

  it('a 503 without a key leaves no search behind; with a key the retry starts the sweep', async () => {
    const ids = async () => (await getJson(flakyApp, '/v1/searches?limit=200')).items.map((s: { id: string }) => s.id) as string[];
    const before = await ids();
    failStarts = 1;
    const lost = await post(flakyApp, spec(3));
    expect(lost.statusCode).toBe(503);
    expect(await ids()).toEqual(before);

    failStarts = 1;
    const unavailable = await post(flakyApp, spec(4), 'retry-me');
    expect(unavailable.statusCode).toBe(503);
    const kept = (await getJson(flakyApp, '/v1/searches?limit=200')).items.filter((s: { id: string }) => !before.includes(s.id));
    expect(kept).toHaveLength(1);
    expect(kept[0].status).toBe('queued');
    const retry = await post(flakyApp, spec(4), 'retry-me');
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(kept[0].id);
    expect((await waitForSearch(flakyApp, kept[0].id, ['succeeded'])).progress.finished).toBe(2);
  });
});
