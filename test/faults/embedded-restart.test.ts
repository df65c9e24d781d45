import { describe, expect, it } from 'vitest';
import { expectCompleteSweep, uninterruptedRandomBest } from '../support/expected';
import { useEmbeddedService } from '../support/service-process';
import { until } from '../support/until';

const spec = {
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed: 5,
  budget: { maxTrials: 16, parallelism: 2 },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
  fixed: { duration_ms: 400, steps: 2 },
};

describe('kill -9 of the embedded process', () => {
  const embedded = useEmbeddedService('embedded');

  it('continues the sweep after a restart with no user action, every trial exactly once', async () => {
    const env = { TRIAL_HEARTBEAT_TIMEOUT_MS: '2000' };
    const { service, port } = await embedded.start(env);
    const api = (route: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${route}`, init).then((r) => r.json() as Promise<any>);

    const { id } = await api('/v1/searches', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    await until(async () => (await api(`/v1/searches/${id}`)).progress.finished >= 4, 60_000, '4 finished trials');
    await service.kill9();

    await embedded.start(env, port);
    await until(async () => ['succeeded', 'failed', 'cancelled'].includes((await api(`/v1/searches/${id}`)).status), 180_000, 'the sweep to finish after restart');
    const search = await api(`/v1/searches/${id}`);
    expect(search.status).toBe('succeeded');
    expect(search.progress).toMatchObject({ finished: 16, running: 0, queued: 0, failed: 0 });
    const trials = (await api(`/v1/searches/${id}/trials?limit=100`)).items;
    expect(expectCompleteSweep(trials, 16)).toBeUndefined();
    expect((await api(`/v1/searches/${id}/best`)).params).toMatchObject(uninterruptedRandomBest(spec));
  }, 360_000);
});
