import { describe, expect, it } from 'vitest';
import { ApiProblem, ServerUnreachable, type Search, type TrainerListing } from '../../src/client/index';
import { formatValue } from '../../src/client/format';
import { ExitCode, reportError } from '../../src/cli/remote/exit';
import { progressLine, trainersTable, trialsTable } from '../../src/cli/remote/format';
import { ProgressPrinter } from '../../src/cli/remote/progress';

const trial = (ordinal: number, objective: number | null, params: Record<string, string | number>) =>
  ({ id: `t${ordinal}`, ordinal, status: objective === null ? 'running' : 'succeeded', objective, params }) as unknown as Search['best'] & {};

function search(finished: number, best: ReturnType<typeof trial> | null): Search {
  return {
    objective: { metric: 'eval_accuracy', goal: 'maximize' },
    progress: { maxTrials: 20, finished, percent: (100 * finished) / 20, queued: 0, running: 4, succeeded: finished, failed: 1, diverged: 0, pruned: 0, cancelled: 0 },
    best,
  } as unknown as Search;
}

describe('CLI output', () => {
  it('lists trainers with their kind, queue, metrics and workers', () => {
    const trainer = (name: string, extra: Partial<TrainerListing>): TrainerListing =>
      ({ name, builtIn: false, staged: false, taskQueue: `trials.${name}`, metrics: [], workers: [], ...extra }) as TrainerListing;
    const seen = { registeredAt: '2026-01-01T00:00:00Z', lastSeenAt: '2026-01-01T00:00:05Z' };
    expect(trainersTable([
      trainer('lora', { metrics: ['eval_accuracy', 'eval_loss'], workers: [{ worker: 'gpu1:7', taskQueue: 'trials.lora', matchesOffered: true, ...seen }, { worker: 'gpu2:9', taskQueue: 'trials.lora', matchesOffered: false, ...seen }] }),
      trainer('nsmc', { builtIn: true, staged: true, taskQueue: 'trials' }),
    ])).toBe(
      [
        'trainer  kind              task queue   metrics                  workers',
        'lora     registered        trials.lora  eval_accuracy,eval_loss  gpu1:7, gpu2:9 (other descriptor)',
        'nsmc     built-in, staged  trials       -                        -',
      ].join('\n'),
    );
  });

  it('draws a progress bar with counts and the best objective', () => {
    expect(progressLine(search(5, null))).toBe('[######------------------] 5/20 25%  running 4  failed 1  best -');
    expect(progressLine(search(20, trial(7, 0.8412345678, {})))).toBe('[########################] 20/20 100%  running 4  failed 1  best eval_accuracy=0.841235 (#7)');
  });

  it('redraws in place on a terminal and prints changed lines elsewhere', () => {
    const written: string[] = [];
    const pipe = new ProgressPrinter({ write: (text: string) => written.push(text) });
    pipe.update(search(5, null));
    pipe.update(search(5, null));
    pipe.update(search(6, null));
    pipe.end();
    expect(written).toEqual([`${progressLine(search(5, null))}\n`, `${progressLine(search(6, null))}\n`]);

    written.length = 0;
    const tty = new ProgressPrinter({ write: (text: string) => written.push(text), isTTY: true });
    tty.update(search(5, null));
    tty.end();
    expect(written).toEqual([`\r\x1b[2K${progressLine(search(5, null))}`, '\n']);
  });

  it('lists only the parameters that differ between trials', () => {
    const table = trialsTable([trial(0, 0.5, { lr: 0.001, steps: 5 }), trial(1, null, { lr: 0.0003, steps: 5 })] as never);
    expect(table.split('\n')).toEqual(['#  status     objective  lr', '0  succeeded  0.5        0.001', '1  running    -          0.0003']);
  });

  it('formats values: numbers to six significant digits, strings as they are, anything else as JSON', () => {
    expect([0.000300000001, 3, 'cosine', true, null, [1, 2], { warmup: 0.1 }].map(formatValue)).toEqual(['0.0003', '3', 'cosine', 'true', '-', '[1,2]', '{"warmup":0.1}']);
  });

  it('maps errors to exit codes, printing a problem’s field errors', () => {
    const lines: string[] = [];
    const problem = new ApiProblem(400, { type: '/problems/invalid-request', title: 'Invalid request', status: 400, detail: '…', errors: [{ in: 'body', field: 'budget.parallelism', message: 'must be at least 1' }] });
    expect(reportError(problem, (line) => lines.push(line))).toBe(ExitCode.usage);
    expect(lines).toEqual(['hpsearch: Invalid request (HTTP 400)', '  budget.parallelism: must be at least 1']);
    expect(reportError(new ServerUnreachable('cannot reach'), () => undefined)).toBe(ExitCode.unreachable);
    expect(reportError(new ApiProblem(503, { type: '/problems/unavailable', title: 'Temporal unavailable', status: 503, detail: 'down' }), () => undefined)).toBe(ExitCode.searchFailed);
  });
});
