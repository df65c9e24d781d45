import { parentPort, workerData } from 'node:worker_threads';
import type { ProgressReport } from '../types';
import { type NsmcTrainOptions, type NsmcTrainOutcome, trainNsmcInProcess } from './train-nsmc';

/** Worker-thread entry of trainNsmc: trains with the options in workerData and posts progress and the result. */
export type TrainWorkerMessage =
  | { type: 'progress'; report: ProgressReport }
  | { type: 'result'; result: NsmcTrainOutcome }
  | { type: 'error'; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('train-worker.ts runs as a worker thread');
const post = (message: TrainWorkerMessage) => port.postMessage(message);

trainNsmcInProcess(workerData as NsmcTrainOptions, { onProgress: (report) => post({ type: 'progress', report }) }).then(
  (result) => post({ type: 'result', result }),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }),
);
