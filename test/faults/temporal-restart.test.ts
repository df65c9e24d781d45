import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/temporal/dev-server';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { expectCompleteSweep, uninterruptedRandomBest } from '../support/expected';
import { freePort } from '../support/service-process';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';
import { faultSweepSpec } from './sweep-spec';

describe('the Temporal server stopped and restarted mid-sweep', () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-temporal-'));
  const dbFile = path.join(stateDir, 'temporal.db');
  let port: number;
  let server: TestWorkflowEnvironment;
  let stack: TestStack;
  const startServer = async () => (await startDevServer({ cliPath: process.env.TEMPORAL_CLI_PATH, dbFile, namespace: 'default', port })).env;

  beforeAll(async () => {
    port = await freePort();
    server = await startServer();
    stack = await startTestStack('pglite', { temporalAddress: server.address, trialHeartbeatTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await stack?.stop();
    await server?.teardown();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps answering reads, refuses writes with 503, and finishes the sweep once Temporal is back', async () => {
    const app = stack.app!;
    const spec = faultSweepSpec(12, 300);
    const { id } = await postSearch(app, spec);
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.finished >= 3, 60_000, '3 finished trials');
    await server.teardown();

    expect((await getJson(app, `/v1/searches/${id}`)).status).toBe('running');
    const refused = await app.inject({ method: 'POST', url: '/v1/searches', payload: spec });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().title).toMatch(/Temporal unavailable/);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, database: { ok: true }, temporal: { ok: false } });
    expect((await app.inject({ method: 'GET', url: '/v1/searches' })).statusCode).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    server = await startServer();
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 150_000);
    expect(done.status).toBe('succeeded');
    expect(expectCompleteSweep(await allTrials(app, id), 12)).toBeUndefined();
    expect((await getJson(app, `/v1/searches/${id}/best`)).params).toMatchObject(uninterruptedRandomBest(spec));
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  }, 240_000);
});
