import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { TrainerExit } from './exit-status';

/** The end of stderr kept for a failed trainer's error: enough for a traceback after any flood of warnings. */
const STDERR_TAIL_CHARS = 64 * 1024;

/** Passes each line of a trainer's stderr to the trial's log, and keeps its end for the error of a failure. */
export function captureStderr(stderr: Readable, log: (line: string) => void): () => TrainerExit['stderr'] {
  let text = '';
  let partial = false;
  stderr.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    if (text.length <= STDERR_TAIL_CHARS) return;
    text = text.slice(-STDERR_TAIL_CHARS);
    partial = true;
  });
  createInterface({ input: stderr, crlfDelay: Infinity }).on('line', log);
  return () => ({ text, partial });
}
