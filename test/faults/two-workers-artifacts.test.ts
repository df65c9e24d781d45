import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { trainings, type Database } from '../../src/db/index';
import { commandTrainer } from '../../src/trainers/command/index';
import { createTrainerRegistry } from '../../src/trainers/registry';
import type { TrialContext } from '../../src/trainers/types';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { databaseArtifacts } from '../support/artifacts';
import { createPostgresTestDatabase } from '../support/databases';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';
import { resultMetrics, stagedRuns, stagedTrainer } from '../fixtures/staged-trainer';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-two-workers-'));
const runsFile = path.join(scratch, 'runs.jsonl');
const trainer = stagedTrainer(runsFile);
const trainParams = { learning_rate: 0.2, steps: 60, checkpoint_every: 10, sleep_seconds: 0.1 };
const temperatures = [0, 0.5, 1];
const SEED = 11;

/** The same training and evaluations, uninterrupted, in this process. */
async function uninterrupted(): Promise<Map<number, Record<string, number>>> {
  const stages = commandTrainer(trainer).stages!;
  const ctx = (temperature: number): TrialContext => ({
    searchId: 's', trialId: `ref-${temperature}`, ordinal: 0, attempt: 1, params: { ...trainParams, temperature }, trainParams, seed: SEED, evaluationSeed: SEED,
    workDir: path.join(scratch, 'reference', String(temperature)), processDir: path.join(scratch, 'reference', 'pids'), signal: new AbortController().signal, report: () => undefined,
  });
  const modelDir = path.join(scratch, 'reference', 'model');
  const trained = await stages.train(ctx(0), modelDir);
  if (trained.status !== 'succeeded') throw new Error(`reference training ${trained.status}`);
  const metrics = new Map<number, Record<string, number>>();
  for (const temperature of temperatures) metrics.set(temperature, (await stages.evaluate(ctx(temperature), modelDir, trained.metrics)).metrics);
  return metrics;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two workers sharing only PostgreSQL and Temporal, artifacts in PostgreSQL', () => {
  let database: Database;
  let url: string;
  let stack: TestStack;
  const workers: ServiceProcess[] = [];
  beforeAll(async () => {
    ({ database, url } = await createPostgresTestDatabase());
    stack = await startTestStack('postgres', { database, trialWorker: false, trainers: createTrainerRegistry([trainer]), trialHeartbeatTimeoutMs: 3_000 });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await stack?.stop();
    await database?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const startWorker = async (name: string) => {
    const dataDir = mkdtempSync(path.join(scratch, `${name}-`));
    const trainersFile = path.join(dataDir, 'trainers.json');
    writeFileSync(trainersFile, JSON.stringify({ trainers: [trainer] }));
    const env = { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), TRIAL_TASK_QUEUE: stack.taskQueues.trials, DATA_DIR: dataDir, TRAINERS_FILE: trainersFile, ARTIFACT_STORE: 'postgres', LOG_LEVEL: 'warn' };
    const worker = await spawnService(['worker', '--queues', 'trials', '--concurrency', '1'], env, (out) => out.includes('workers:'));
    workers.push(worker);
    return { worker, dataDir };
  };

  it('a worker killed mid-training leaves a checkpoint the other resumes from; the other trials evaluate its model without training again', async () => {
    const app = stack.app!;
    const first = await startWorker('first');
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      seed: SEED,
      budget: { parallelism: 1 },
      trainer: { name: 'staged' },
      space: { temperature: { type: 'float', values: temperatures } },
      fixed: trainParams,
    });
    const store = databaseArtifacts(database.db);
    let checkpointStep = 0;
    await until(async () => {
      const [stored] = await store.list('checkpoints/trainings/staged/');
      checkpointStep = stored ? Number(stored.key.split('checkpoint-')[1]) : 0;
      return checkpointStep > 0;
    }, 60_000, 'a checkpoint in the artifact store');
    await until(async () => {
      const [trial] = await allTrials(app, id);
      const { curve } = await getJson(app, `/v1/trials/${trial.id}`);
      return curve.some((point: { step: number }) => point.step > checkpointStep + 3);
    }, 30_000, 'training past the stored checkpoint');
    await first.worker.kill9();

    const second = await startWorker('second');
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 120_000);
    expect(done.status).toBe('succeeded');
    const trials = (await allTrials(app, id)).sort((a, b) => a.ordinal - b.ordinal);
    expect(trials.map((t) => t.trainingReused)).toEqual([false, true, true]);
    expect(trials[0].attempt).toBeGreaterThan(1);
    expect(new Set(trials.map((t) => t.trainKey)).size).toBe(1);
    expect(await database.db.select().from(trainings).where(eq(trainings.trainKey, trials[0].trainKey))).toHaveLength(1);

    const runs = stagedRuns(runsFile);
    const trainRuns = runs.filter((r) => r.stage === 'train');
    // the first attempt on the first worker, the retry on the second: no training for the other two trials
    expect(trainRuns.map((r) => [r.attempt, r.checkpoint_dir.startsWith(first.dataDir) ? 'first' : 'second'])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
    const evaluations = runs.filter((r) => r.stage === 'evaluate');
    expect(evaluations).toHaveLength(3);
    expect(evaluations.every((r) => r.model_dir!.startsWith(second.dataDir))).toBe(true);

    const reference = await uninterrupted();
    for (const trial of trials) {
      expect(trial.metrics.resumed_from_step).toBeGreaterThanOrEqual(checkpointStep);
      expect(resultMetrics(trial.metrics)).toEqual(resultMetrics(reference.get(trial.params.temperature)!));
    }
  }, 240_000);
});
