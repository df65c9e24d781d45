import { Worker } from 'node:worker_threads';
import type { NsmcTrainHooks, NsmcTrainOptions, NsmcTrainOutcome } from './train-nsmc';
import type { TrainWorkerMessage } from './train-worker';

/**
 * trainNsmcInProcess on a worker thread, so that the calling thread stays free (heartbeats, I/O).
 * Aborting the signal terminates the worker at once; checkpoints are written atomically, so a later
 * call resumes from the last complete epoch.
 */
export function trainNsmc(options: NsmcTrainOptions, hooks: NsmcTrainHooks = {}): Promise<NsmcTrainOutcome> {
  const { signal, onProgress } = hooks;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train-worker-boot.mjs', import.meta.url), { workerData: options });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      finish();
    };
    const onAbort = () => settle(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: TrainWorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') onProgress?.(message.report);
      else if (message.type === 'result') settle(() => resolve(message.result));
      else settle(() => reject(Object.assign(new Error(message.message), { stack: message.stack })));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`training worker exited with code ${code} before reporting a result`))));
  });
}
