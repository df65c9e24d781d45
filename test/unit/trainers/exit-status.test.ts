import { describe, expect, it } from 'vitest';
import { judgeExit } from '../../../src/trainers/command/exit-status';

const stderr = (text: string) => ({ text, partial: false });

describe('how a command trainer ended', () => {
  it('leaves a clean exit to the stdout messages', () => {
    expect(judgeExit({ code: 0, signal: null, stderr: stderr('some warning\n') })).toEqual({ kind: 'exited' });
  });

  it('retries a trainer killed by a signal the worker did not send', () => {
    for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP'] as const)
      expect(judgeExit({ code: null, signal, stderr: stderr('') })).toEqual({ kind: 'retry', reason: `trainer was killed by ${signal}, a signal the worker did not send (the OOM killer, kill -9)` });
  });

  it('fails a non-zero exit or a crash of its own with the end of stderr', () => {
    expect(judgeExit({ code: 2, signal: null, stderr: stderr('usage: train.py [--lr LR]\ntrain.py: error: unrecognized arguments: --foo\n') })).toEqual({
      kind: 'failed',
      error: 'trainer exited with code 2: usage: train.py [--lr LR]\ntrain.py: error: unrecognized arguments: --foo',
    });
    expect(judgeExit({ code: null, signal: 'SIGSEGV', stderr: stderr('Fatal Python error: Segmentation fault\n') })).toEqual({
      kind: 'failed',
      error: 'trainer crashed with SIGSEGV: Fatal Python error: Segmentation fault',
    });
    expect(judgeExit({ code: 1, signal: null, stderr: stderr('') })).toEqual({ kind: 'failed', error: 'trainer exited with code 1 and printed nothing on stderr' });
  });
});
