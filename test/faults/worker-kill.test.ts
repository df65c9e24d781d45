import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { expectCompleteSweep, uninterruptedRandomBest } from '../support/expected';
import { startRemoteWorkerStack, type RemoteWorkerStack } from '../support/remote-worker-stack';
import { until } from '../support/until';
import { faultSweepSpec } from './sweep-spec';

const KILLS = 3;

describe.skipIf(!process.env.TEST_DATABASE_URL)('kill -9 of the trial worker process (PostgreSQL)', () => {
  let remote: RemoteWorkerStack;
  beforeAll(async () => {
    remote = await startRemoteWorkerStack({ trialHeartbeatTimeoutMs: 2_000, trialMaxAttempts: 10 });
  });
  afterAll(async () => {
    await remote?.stop();
  });

  it(`loses no trial and duplicates none across ${KILLS} worker crashes`, async () => {
    const { stack } = remote;
    const startWorker = () => remote.startWorker(2);
    const spec = faultSweepSpec(14, 600);
    let worker = await startWorker();
    const { id } = await postSearch(stack.app!, spec);
    for (let kill = 1; kill <= KILLS; kill++) {
      await until(async () => (await getJson(stack.app!, `/v1/searches/${id}`)).progress.finished >= kill * 3, 90_000, `${kill * 3} finished trials`);
      await until(async () => (await getJson(stack.app!, `/v1/searches/${id}`)).progress.running > 0, 30_000, 'a running trial');
      await worker.kill9();
      worker = await startWorker();
    }
    const done = await waitForSearch(stack.app!, id, ['succeeded', 'failed', 'cancelled'], 150_000);
    expect(done.status).toBe('succeeded');
    const trials = await allTrials(stack.app!, id);
    expect(expectCompleteSweep(trials, 14)).toBeUndefined();
    expect(done.progress).toMatchObject({ finished: 14, failed: 0 });
    expect(trials.some((t) => t.attempt > 1)).toBe(true);
    expect((await getJson(stack.app!, `/v1/searches/${id}/best`)).params).toMatchObject(uninterruptedRandomBest(spec));
  }, 300_000);
});
