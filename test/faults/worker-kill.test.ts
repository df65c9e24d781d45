import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { createPostgresTestDatabase } from '../support/databases';
import { expectCompleteSweep, uninterruptedRandomBest } from '../support/expected';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';
import { faultSweepSpec } from './sweep-spec';

const KILLS = 3;

describe.skipIf(!process.env.TEST_DATABASE_URL)('kill -9 of the trial worker process (PostgreSQL)', () => {
  let stack: TestStack;
  let url: string;
  let close: () => Promise<void>;
  let worker: ServiceProcess | undefined;
  beforeAll(async () => {
    const created = await createPostgresTestDatabase();
    url = created.url;
    close = created.database.close;
    stack = await startTestStack('postgres', { database: created.database, trialWorker: false, trialHeartbeatTimeoutMs: 2_000, trialMaxAttempts: 10 });
  });
  afterAll(async () => {
    await worker?.stop();
    await stack?.stop();
    await close?.();
  });

  it(`loses no trial and duplicates none across ${KILLS} worker crashes`, async () => {
    const startWorker = () =>
      spawnService(['worker', '--queues', 'trials', '--concurrency', '2'], {
        DATABASE_URL: url,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TRIAL_TASK_QUEUE: stack.taskQueues.trials,
        DATA_DIR: stack.dataDir,
      }, (out) => out.includes('workers:'));
    const spec = faultSweepSpec(14, 600);
    worker = await startWorker();
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
