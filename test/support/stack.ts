import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { WorkflowBundle } from '@temporalio/worker';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime';
import { installTemporalLogging } from '../../src/temporal/logging';
import { bundleWorkflows } from '../../src/temporal/workers';
import { createTrainerRegistry, type TrainerRegistry } from '../../src/trainers/registry';
import type { CommandTrainerConfig } from '../../src/trainers/command/config';
import type { Database } from '../../src/db/index';
import { createTestDatabase, type DatabaseKind } from './databases';

let bundle: Promise<WorkflowBundle> | undefined;
installTemporalLogging((line) => console.warn(line));

/** The example command trainer, as a worker operator would register it. */
export const exampleTrainer: CommandTrainerConfig = {
  name: 'example',
  description: 'example command trainer',
  command: ['python3', path.resolve('examples/command-trainer/train.py')],
  env: {},
  parameters: {
    learning_rate: { stage: 'train', description: '' },
    num_train_epochs: { stage: 'train', description: '' },
    steps_per_epoch: { stage: 'train', description: '' },
    sleep_seconds: { stage: 'train', description: '' },
    dataloader_workers: { stage: 'train', description: '' },
  },
  acceptsExtraParameters: false,
  stages: false,
  metrics: ['eval_accuracy', 'eval_loss'],
  killGraceMs: 2_000,
  stallTimeoutMs: 60_000,
};

export interface TestStack extends Runtime {
  dataDir: string;
  taskQueues: { sweeps: string; trials: string };
}

/** API (inject only), sweep and trial workers on queues of their own, against the shared test Temporal server. */
export async function startTestStack(
  kind: DatabaseKind,
  overrides: Partial<Pick<RuntimeOptions, 'trialConcurrency' | 'trialHeartbeatTimeoutMs' | 'trialMaxAttempts' | 'trialsPerRun' | 'trialWorker' | 'apiKeys' | 'apiLimits' | 'apiAccess' | 'artifacts'>> & {
    trainers?: TrainerRegistry;
    /** A database the caller owns (and closes). */
    database?: Database;
    temporalAddress?: string;
  } = {},
): Promise<TestStack> {
  bundle ??= bundleWorkflows();
  const suffix = randomBytes(4).toString('hex');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-test-'));
  const database = overrides.database ?? (await createTestDatabase(kind));
  const taskQueues = { sweeps: `sweeps-${suffix}`, trials: `trials-${suffix}` };
  const runtime = await startRuntime({
    database,
    temporal: { address: overrides.temporalAddress ?? inject('temporalAddress') },
    trainers: overrides.trainers ?? createTrainerRegistry([exampleTrainer]),
    dataDir,
    workerName: `test-${suffix}`,
    namespace: 'default',
    sweepTaskQueue: taskQueues.sweeps,
    trialTaskQueue: taskQueues.trials,
    trialConcurrency: overrides.trialConcurrency ?? 8,
    trialHeartbeatTimeoutMs: overrides.trialHeartbeatTimeoutMs ?? 10_000,
    trialMaxAttempts: overrides.trialMaxAttempts ?? 3,
    trialsPerRun: overrides.trialsPerRun ?? 500,
    api: { inject: true },
    sweepWorker: true,
    trialWorker: overrides.trialWorker ?? true,
    ...(overrides.apiKeys ? { apiKeys: overrides.apiKeys } : {}),
    ...(overrides.apiLimits ? { apiLimits: overrides.apiLimits } : {}),
    ...(overrides.apiAccess ? { apiAccess: overrides.apiAccess } : {}),
    ...(overrides.artifacts ? { artifacts: overrides.artifacts } : {}),
    workflowBundle: await bundle,
    // in CI's output: what a stack that is slow to stop is still waiting for
    log: (line) => {
      if (line.startsWith('shutdown')) console.warn(line);
    },
  });
  return {
    ...runtime,
    dataDir,
    taskQueues,
    async stop() {
      await runtime.stop();
      if (!overrides.database) await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test stack for the file's tests: started before them, stopped after them. */
export function useTestStack(kind: DatabaseKind, overrides: Parameters<typeof startTestStack>[1] = {}): () => TestStack {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack(kind, overrides);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => stack!;
}
