import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { createSweepActivities, createTrialActivities, type ActivityDeps } from '../../activities/index';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once; reuse the bundle for every worker of a process. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error } });
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  sweepTaskQueue?: string;
  trialTaskQueue?: string;
  trialConcurrency: number;
  workflowBundle?: WorkflowBundle;
}

/** Creates the sweep worker (workflows + database activities) and/or the trial worker (trainers). */
export async function createWorkers(options: WorkerOptions): Promise<Worker[]> {
  const workers: Worker[] = [];
  if (options.sweepTaskQueue) {
    workers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: options.sweepTaskQueue,
        workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
        activities: createSweepActivities(options.deps),
      }),
    );
  }
  if (options.trialTaskQueue) {
    workers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: options.trialTaskQueue,
        activities: createTrialActivities(options.deps),
        maxConcurrentActivityTaskExecutions: options.trialConcurrency,
        maxHeartbeatThrottleInterval: '2s',
      }),
    );
  }
  return workers;
}
