import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { sweepWorkflow, type SweepInput } from '../../workflows/index';
import type { SweepControl } from '../searches/sweeps';

/** Where sweeps run, and the settings every sweep gets (`trialTaskQueue`: for trainers without a queue of their own). */
export interface SweepControlOptions extends Omit<SweepInput, 'searchId'> {
  namespace: string;
  sweepTaskQueue: string;
}

export const sweepWorkflowId = (searchId: string) => `search-${searchId}`;

/**
 * How long one call may take, retries included: with Temporal down the client would otherwise keep retrying
 * for about 20 s while the API request waits. A readiness ping gets less, so /readyz answers within ~3 s.
 * Calls are bounded by deadlines, never abandoned: a call still retrying when the connection closes throws
 * from its retry timer.
 */
const CALL_DEADLINE_MS = 5_000;
const PING_DEADLINE_MS = 2_000;

export function createSweepControl(client: Client, options: SweepControlOptions): SweepControl {
  const promptly = <T>(call: () => Promise<T>, deadlineMs = CALL_DEADLINE_MS): Promise<T> => client.withDeadline(Date.now() + deadlineMs, call);
  const isRunning = async (searchId: string): Promise<boolean> => {
    try {
      const description = await promptly(() => client.workflow.getHandle(sweepWorkflowId(searchId)).describe());
      return description.status.name === 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  };
  return {
    workflowIdOf: sweepWorkflowId,
    async start(searchId, trialTaskQueue) {
      const input: SweepInput = {
        searchId,
        trialTaskQueue: trialTaskQueue ?? options.trialTaskQueue,
        trialHeartbeatTimeoutMs: options.trialHeartbeatTimeoutMs,
        trialMaxAttempts: options.trialMaxAttempts,
        trialsPerRun: options.trialsPerRun,
      };
      try {
        await promptly(() => client.workflow.start(sweepWorkflow, { taskQueue: options.sweepTaskQueue, workflowId: sweepWorkflowId(searchId), args: [input] }));
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    },
    isRunning,
    async cancel(searchId) {
      // a closed run (terminated, failed) accepts a cancel request and ignores it: only an open run can cancel
      if (!(await isRunning(searchId))) return false;
      try {
        await promptly(() => client.workflow.getHandle(sweepWorkflowId(searchId)).cancel());
        return true;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      }
    },
    async waitForClose(searchId, timeoutMs) {
      const closed = client.workflow
        .getHandle(sweepWorkflowId(searchId))
        .result()
        .then(() => true, () => true);
      const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      return Promise.race([closed, timedOut]);
    },
    async ping() {
      await promptly(() => client.workflowService.getSystemInfo({}), PING_DEADLINE_MS);
    },
  };
}
