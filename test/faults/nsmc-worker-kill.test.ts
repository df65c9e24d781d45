import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nsmcTrainer } from '../../src/trainers/nsmc/index';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { startRemoteWorkerStack, type RemoteWorkerStack } from '../support/remote-worker-stack';
import { until } from '../support/until';

const params = { learning_rate: 3e-3, num_train_epochs: 3, temperature: 0, top_p: 1 };
const SEED = 4;

/** What an uninterrupted run of the same trial scores, trained and evaluated here in the test process. */
async function uninterruptedAccuracy(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-nsmc-ref-'));
  try {
    const ctx = { searchId: 's', trialId: 't', ordinal: 0, attempt: 1, params, trainParams: params, seed: SEED, evaluationSeed: SEED, workDir: dir, processDir: dir, signal: new AbortController().signal, report: () => undefined };
    const outcome = await nsmcTrainer.run(ctx);
    if (outcome.status !== 'succeeded') throw new Error(`reference run ${outcome.status}`);
    return outcome.metrics.eval_accuracy!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('kill -9 of the worker during epoch 2 of an nsmc trial (PostgreSQL)', () => {
  let remote: RemoteWorkerStack;
  beforeAll(async () => {
    remote = await startRemoteWorkerStack({ trialHeartbeatTimeoutMs: 3_000 });
  });
  afterAll(async () => {
    await remote?.stop();
  });

  it('retries from the epoch-1 checkpoint and ends with the accuracy of an uninterrupted run', async () => {
    const { stack } = remote;
    const worker = await remote.startWorker();
    const { id } = await postSearch(stack.app!, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      seed: SEED,
      trainer: { name: 'nsmc' },
      space: { learning_rate: { type: 'float', values: [params.learning_rate] } },
      fixed: { num_train_epochs: 3, temperature: 0, top_p: 1 },
    });
    await until(async () => {
      const [trial] = await allTrials(stack.app!, id);
      if (!trial) return false;
      const { curve } = await getJson(stack.app!, `/v1/trials/${trial.id}`);
      return curve.some((point: { epoch: number | null }) => (point.epoch ?? 0) > 1.2);
    }, 120_000, 'epoch 2 of training');
    await worker.kill9();
    await remote.startWorker();

    const done = await waitForSearch(stack.app!, id, ['succeeded', 'failed'], 180_000);
    expect(done.status).toBe('succeeded');
    const [trial] = await allTrials(stack.app!, id);
    expect(trial.attempt).toBeGreaterThan(1);
    expect(trial.metrics.resumed_from_epoch).toBe(1);
    expect(trial.metrics.eval_accuracy).toBe(await uninterruptedAccuracy());
  }, 300_000);
});
