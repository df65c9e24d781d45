import { spawn } from 'node:child_process';
import { until } from './until';

/** A command running in a pseudo-terminal, as at a user's terminal: its stdout is a TTY and Ctrl-C interrupts it. */
export interface PtyRun {
  /** Everything the terminal has shown so far (lines end in \r\n, redraws keep their \r and escapes). */
  readonly output: string;
  /** Waits until the output matches `pattern`; fails after `timeoutMs`, naming `what` and showing the output. */
  waitFor(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray>;
  /** Types Ctrl-C: the terminal sends SIGINT to the command. */
  interrupt(): void;
  /** The command's exit code (128 + the signal when one killed it) and its whole output. */
  readonly exited: Promise<{ code: number | null; output: string }>;
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `argv` in a pseudo-terminal through util-linux `script` (no native module): `-e` passes the
 * command's exit code on, `-f` flushes every write, `-q` keeps script's own lines out of the output.
 */
export function runInPty(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): PtyRun {
  const child = spawn('script', ['-qfec', `exec ${argv.map(shellQuote).join(' ')}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`cannot run util-linux script for a pseudo-terminal: ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
  return {
    get output() {
      return output;
    },
    async waitFor(pattern, timeoutMs, what) {
      await until(() => pattern.test(output), timeoutMs, what).catch((error: Error) => {
        throw new Error(`${error.message}; the terminal showed:\n${output}`);
      });
      return output.match(pattern)!;
    },
    interrupt() {
      child.stdin.write('\x03');
    },
    exited,
  };
}

/** `hpsearch ARGS…` (bin/hpsearch.js) in a pseudo-terminal, with no HPSEARCH_URL from the environment. */
export const hpsearchInPty = (...args: string[]) => runInPty([process.execPath, 'bin/hpsearch.js', ...args], { ...process.env, HPSEARCH_URL: '' });

/** The lines a terminal ends up showing: each line's text after its last carriage return, without escapes. */
export function screenLines(output: string): string[] {
  // eslint-disable-next-line no-control-regex -- terminal escapes are what is removed
  const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return plain.split('\n').map((line) => line.replace(/\r$/, '').split('\r').at(-1)!);
}
