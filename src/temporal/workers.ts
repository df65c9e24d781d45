import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { createSweepActivities, createTrialActivities, type ActivityDeps } from '../../activities/index';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once; reuse the bundle for every worker of a process. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error } });
}

/** Bundles the workflow code in a short-lived child process, so webpack's peak heap (~100 MB of RSS) is never the service's. */
export async function bundleWorkflowsInChild(): Promise<WorkflowBundle> {
  const child = fork(fileURLToPath(new URL('./bundle-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let bundle: WorkflowBundle | undefined;
  child.once('message', (message) => (bundle = message as WorkflowBundle));
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (!bundle) throw new Error(`bundling the workflow code failed (its process ended with ${code ?? signal})`);
  return bundle;
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  sweepTaskQueue?: string;
  /** The trial queues to poll, each with up to `trialConcurrency` trials at once. */
  trialTaskQueues?: readonly string[];
  trialConcurrency: number;
  workflowBundle?: WorkflowBundle;
}

/**
 * Factories of the sweep worker (workflows + database activities) and/or the trial workers (trainers, one
 * per trial queue: see src/trainers/routing.ts):
 * a supervisor can create a worker again after it failed.
 */
export async function workerFactories(options: WorkerOptions): Promise<(() => Promise<Worker>)[]> {
  const factories: (() => Promise<Worker>)[] = [];
  if (options.sweepTaskQueue) {
    const taskQueue = options.sweepTaskQueue;
    const workflowBundle = options.workflowBundle ?? (await bundleWorkflowsInChild());
    const activities = createSweepActivities(options.deps);
    factories.push(() => Worker.create({ connection: options.connection, namespace: options.namespace, taskQueue, workflowBundle, activities }));
  }
  const trialActivities = createTrialActivities(options.deps);
  for (const taskQueue of options.trialTaskQueues ?? []) {
    factories.push(() =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue,
        activities: trialActivities,
        maxConcurrentActivityTaskExecutions: options.trialConcurrency,
        maxHeartbeatThrottleInterval: '2s',
      }),
    );
  }
  return factories;
}
