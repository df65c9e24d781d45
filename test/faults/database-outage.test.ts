import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { createPostgresTestDatabase } from '../support/databases';
import { expectCompleteSweep, uninterruptedRandomBest } from '../support/expected';
import { startTestStack, type TestStack } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { until } from '../support/until';
import { faultSweepSpec } from './sweep-spec';

const OUTAGE_MS = 10_000;

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL unreachable for 10 s mid-sweep', () => {
  let proxy: TcpProxy;
  let stack: TestStack;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await new TcpProxy({ host: server.hostname, port: Number(server.port || 5432) }).start();
    const created = await createPostgresTestDatabase((url) => Object.assign(new URL(url), { port: String(proxy.port) }));
    close = created.database.close;
    stack = await startTestStack('postgres', { database: created.database, trialHeartbeatTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await stack?.stop();
    await proxy?.restore().catch(() => undefined);
    await close?.();
    await proxy?.stop();
  });

  it('loses no result, answers 503 meanwhile, and recovers by itself', async () => {
    const app = stack.app!;
    const spec = faultSweepSpec(12, 500);
    const { id } = await postSearch(app, spec);
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.finished >= 3, 60_000, '3 finished trials');

    await proxy.cut();
    const during = await app.inject({ method: 'GET', url: `/v1/searches/${id}` });
    expect(during.statusCode).toBe(503);
    expect(during.json()).toMatchObject({ status: 503, title: 'Database unavailable' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ ready: false, database: { ok: false }, temporal: { ok: true } });
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await proxy.restore();

    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 150_000);
    expect(done.status).toBe('succeeded');
    const trials = await allTrials(app, id);
    expect(expectCompleteSweep(trials, 12)).toBeUndefined();
    expect(done.progress.failed).toBe(0);
    expect((await getJson(app, `/v1/searches/${id}/best`)).params).toMatchObject(uninterruptedRandomBest(spec));
    const curve = await getJson(app, `/v1/trials/${trials[11].id}`);
    expect(curve.curve.map((p: { step: number }) => p.step)).toEqual([1, 2, 3, 4]);
  }, 240_000);
});
