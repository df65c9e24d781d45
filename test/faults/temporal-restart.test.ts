import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDevServerBinary } from '../../src/temporal/dev-server';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { expectCompleteSweep, uninterruptedRandomBest } from '../support/expected';
import { freePort } from '../support/service-process';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';
import { faultSweepSpec } from './sweep-spec';

/** The dev server as its own process (stopped and started like a real server), persisted to `dbFile`. */
async function startTemporalProcess(binary: string, dbFile: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ['server', 'start-dev', '--headless', '--db-filename', dbFile, '--port', String(port), '--ip', '127.0.0.1', '--log-level', 'error'], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 500);
    });
    if (open) return child;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`temporal dev server did not come up on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopTemporalProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const binary = resolveDevServerBinary(process.env.TEMPORAL_CLI_PATH).executable;

describe.skipIf(binary.type !== 'existing-path')('the Temporal server stopped and restarted mid-sweep', () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-temporal-'));
  const dbFile = path.join(stateDir, 'temporal.db');
  let port: number;
  let server: ChildProcess;
  let stack: TestStack;
  const startServer = () => startTemporalProcess((binary as { path: string }).path, dbFile, port);

  beforeAll(async () => {
    port = await freePort();
    server = await startServer();
    stack = await startTestStack('pglite', { temporalAddress: `127.0.0.1:${port}`, trialHeartbeatTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await stack?.stop();
    if (server) await stopTemporalProcess(server);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps answering reads, refuses writes with 503, and finishes the sweep once Temporal is back', async () => {
    const app = stack.app!;
    const spec = faultSweepSpec(12, 300);
    const { id } = await postSearch(app, spec);
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.finished >= 3, 60_000, '3 finished trials');
    await stopTemporalProcess(server);

    expect((await getJson(app, `/v1/searches/${id}`)).status).toBe('running');
    // both answer within their deadlines (5 s and 2 s) instead of waiting out the client's retries
    const refusedAt = Date.now();
    const refused = await app.inject({ method: 'POST', url: '/v1/searches', payload: spec });
    expect(Date.now() - refusedAt).toBeLessThan(15_000);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().title).toMatch(/Temporal unavailable/);
    const probedAt = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - probedAt).toBeLessThan(10_000);
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, database: { ok: true }, temporal: { ok: false } });
    expect((await app.inject({ method: 'GET', url: '/v1/searches' })).statusCode).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    server = await startServer();
    // an activity the worker finished while Temporal was down lost its completion: it is retried once its
    // start-to-close timeout (2 min at most) runs out
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 200_000);
    expect(done.status).toBe('succeeded');
    expect(expectCompleteSweep(await allTrials(app, id), 12)).toBeUndefined();
    expect((await getJson(app, `/v1/searches/${id}/best`)).params).toMatchObject(uninterruptedRandomBest(spec));
    // the API's own connection reconnects on its own schedule, apart from the workers'
    await until(async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 60_000, '/readyz to recover');
  }, 330_000);
});
