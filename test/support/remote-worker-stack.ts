import { inject } from 'vitest';
import { createPostgresTestDatabase } from './databases';
import { spawnService, type ServiceProcess } from './service-process';
import { startTestStack, type TestStack } from './stack';

export interface RemoteWorkerStack {
  stack: TestStack;
  /** Starts (or restarts) the trial worker as its own process, as in distributed mode. */
  startWorker(concurrency?: number): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * API and sweep worker in the test process, trials on a worker process of their own: a setup where the
 * trial worker can be killed. PostgreSQL, since PGlite lives inside one process.
 */
export async function startRemoteWorkerStack(overrides: { trialHeartbeatTimeoutMs: number; trialMaxAttempts?: number }): Promise<RemoteWorkerStack> {
  const { database, url } = await createPostgresTestDatabase();
  const stack = await startTestStack('postgres', { database, trialWorker: false, ...overrides });
  let worker: ServiceProcess | undefined;
  return {
    stack,
    async startWorker(concurrency = 1) {
      const env = { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), TRIAL_TASK_QUEUE: stack.taskQueues.trials, DATA_DIR: stack.dataDir };
      worker = await spawnService(['worker', '--queues', 'trials', '--concurrency', String(concurrency)], env, (out) => out.includes('workers:'));
      return worker;
    },
    async stop() {
      await worker?.stop();
      await stack.stop();
      await database.close();
    },
  };
}
