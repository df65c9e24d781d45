import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from '@temporalio/worker';

const RESTART_DELAY_MS = 2_000;

export interface SupervisedWorker {
  stop(): Promise<void>;
}

/**
 * Runs a worker and creates it again whenever it fails (a long Temporal outage can end a worker's run),
 * so a process keeps serving its task queue without a restart.
 */
export async function superviseWorker(create: () => Promise<Worker>, log: (line: string) => void): Promise<SupervisedWorker> {
  let stopping = false;
  let current = await create();
  const loop = (async () => {
    for (;;) {
      try {
        await current.run();
        if (stopping) return;
        log('temporal worker stopped unexpectedly; starting it again');
      } catch (error) {
        if (stopping) return;
        log(`temporal worker failed (${(error as Error).message}); starting it again`);
      }
      for (;;) {
        await sleep(RESTART_DELAY_MS);
        if (stopping) return;
        try {
          current = await create();
          // stop() came while this one was being created and found none running: this one is shut down here
          if (stopping) {
            const running = current.run();
            current.shutdown();
            await running.catch(() => undefined);
            return;
          }
          break;
        } catch (error) {
          log(`temporal worker could not start (${(error as Error).message}); retrying`);
        }
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      if (current.getState() === 'RUNNING') current.shutdown();
      await loop;
    },
  };
}
