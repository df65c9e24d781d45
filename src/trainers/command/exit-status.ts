import { summarizeStderr } from './stderr-summary';

/**
 * Signals a process raises on itself when it crashes (bad memory access, abort, illegal instruction):
 * running it again would crash again, so these fail the trial like a non-zero exit.
 */
const CRASH_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGSYS', 'SIGTRAP']);

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of the trainer's stderr; `partial` when earlier output was dropped. */
  stderr: { text: string; partial: boolean };
}

/**
 * How an attempt ended that the worker did not stop (protocol v2, docs/trainer-protocol.md): exit 0 is
 * `exited` (the stdout messages decide), a signal the worker did not send is `retry`, anything else is
 * `failed` with the end of stderr as the error.
 */
export type ExitVerdict = { kind: 'exited' } | { kind: 'retry'; reason: string } | { kind: 'failed'; error: string };

export function judgeExit({ code, signal, stderr }: TrainerExit): ExitVerdict {
  if (code === 0) return { kind: 'exited' };
  if (signal && !CRASH_SIGNALS.has(signal)) return { kind: 'retry', reason: `trainer was killed by ${signal}, a signal the worker did not send (the OOM killer, kill -9)` };
  const summary = summarizeStderr(stderr.text, { partial: stderr.partial });
  const how = signal ? `crashed with ${signal}` : `exited with code ${code}`;
  return { kind: 'failed', error: summary ? `trainer ${how}: ${summary}` : `trainer ${how} and printed nothing on stderr` };
}
