import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepActivities, createTrialActivities, type TrialTask } from '../../../activities/index';
import { getTrial, trialCurve, type Database } from '../../../src/db/index';
import { createTrainerRegistry } from '../../../src/trainers/registry';
import type { Trainer } from '../../../src/trainers/types';
import { activityEnvironment, runActivity } from '../../support/activity-environment';
import { databaseArtifacts } from '../../support/artifacts';
import { createTestDatabase } from '../../support/databases';
import { until } from '../../support/until';
import { fakeTrainer, insertFakeSearch } from './fake-search';

let database: Database;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-run-trial-'));
});
afterAll(async () => {
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A stored trial of a new search, as the workflow hands it to runTrial. */
async function storedTask(): Promise<TrialTask> {
  const searchId = await insertFakeSearch(database.db);
  const { suggestTrials } = createSweepActivities({ db: database.db, trainers: createTrainerRegistry(), artifacts: databaseArtifacts(database.db), dataDir, workerName: 'unit', maxAttempts: 3, metricBufferMaxPoints: 100_000, trialLogMaxBytes: 1_048_576 });
  const [task] = await runActivity(activityEnvironment(), suggestTrials, { searchId, ordinals: [0] });
  return task!;
}

/** runTrial on a worker whose only trainer is `trainer`, recording the heartbeats it sends. */
function trialWorker(trainer: Trainer) {
  const env = activityEnvironment({ attempt: 1 });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const { runTrial } = createTrialActivities({
    db: database.db,
    trainers: createTrainerRegistry([], [trainer]),
    artifacts: databaseArtifacts(database.db),
    dataDir,
    workerName: 'unit-worker',
    maxAttempts: 3,
    metricBufferMaxPoints: 100_000,
    trialLogMaxBytes: 1_048_576,
  });
  return { env, heartbeats, run: (task: TrialTask) => runActivity(env, runTrial, task) };
}

describe('runTrial', () => {
  it('heartbeats with the latest step, streams the metrics and stores the result before it completes', async () => {
    const task = await storedTask();
    const worker = trialWorker(
      fakeTrainer(async (ctx) => {
        for (const step of [1, 2, 3]) ctx.report({ step, epoch: step / 3, values: { loss: 1 / step, learning_rate: 1e-3 } });
        // long enough for the worker's periodic heartbeat and metric flush
        await sleep(700);
        return { status: 'succeeded', metrics: { eval_accuracy: 0.91 } };
      }),
    );
    expect(await worker.run(task)).toEqual({ status: 'succeeded' });
    expect(worker.heartbeats[0]).toEqual({ step: 0 });
    expect(worker.heartbeats).toContainEqual({ step: 3 });
    const curve = await trialCurve(database.db, task.trialId);
    expect(curve.map((p) => [p.step, p.values])).toEqual([1, 2, 3].map((step) => [step, { loss: 1 / step, learning_rate: 1e-3 }]));
    expect(await getTrial(database.db, task.trialId)).toMatchObject({
      status: 'succeeded',
      objective: 0.91,
      attempt: 1,
      worker: 'unit-worker',
      metrics: { eval_accuracy: 0.91 },
    });
  });

  it('stops the trainer when cancelled and ends with the cancellation, storing no result', async () => {
    const task = await storedTask();
    let trainerStarted = false;
    let trainerStopped = false;
    const worker = trialWorker(
      fakeTrainer(async (ctx) => {
        trainerStarted = true;
        ctx.report({ step: 1, values: { loss: 0.5 } });
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        trainerStopped = true;
        throw ctx.signal.reason;
      }),
    );
    const running = worker.run(task).catch((e: unknown) => e);
    // cancelled once the trainer runs (checkpoints are restored before it starts)
    await until(() => trainerStarted, 10_000, 'the trainer to start');
    expect((await getTrial(database.db, task.trialId))?.status).toBe('running');
    worker.env.cancel();
    expect(await running).toBeInstanceOf(CancelledFailure);
    expect(trainerStopped).toBe(true);
    expect(await getTrial(database.db, task.trialId)).toMatchObject({ status: 'running', objective: null });
  });
});
