import { describe, expect, it } from 'vitest';
import { ApiProblem, ServerUnreachable, type Comparison, type Search, type TrainerListing } from '../../src/client/index';
import { beforeConfirmationText, formatValue, intervalText, objectiveText, spreadText } from '../../src/client/format';
import { ExitCode, reportError } from '../../src/cli/remote/exit';
import { comparisonTable, describeOutcome, describeSearch, progressLine, searchesTable, trainersTable, trialsTable } from '../../src/cli/remote/format';
import { ProgressPrinter } from '../../src/cli/remote/progress';

const trial = (ordinal: number, objective: number | null, params: Record<string, string | number>) =>
  ({ id: `t${ordinal}`, ordinal, status: objective === null ? 'running' : 'succeeded', objective, params, evaluations: 1, interval: null }) as unknown as Search['best'] & {};
/** A trial evaluated `evaluations` times whose objective's 95% interval is objective ± half. */
const measured = (ordinal: number, objective: number, half: number, evaluations: number) => ({
  ...trial(ordinal, objective, {}),
  evaluations,
  interval: { low: objective - half, high: objective + half, level: 0.95 },
});

function search(finished: number, best: ReturnType<typeof trial> | null): Search {
  return {
    objective: { metric: 'eval_accuracy', goal: 'maximize' },
    progress: { maxTrials: 20, finished, percent: (100 * finished) / 20, queued: 0, running: 4, succeeded: finished, failed: 1, diverged: 0, infeasible: 0, pruned: 0, cancelled: 0 },
    best,
  } as unknown as Search;
}

describe('CLI output', () => {
  it('compares searches: completed of maxTrials, the best objective and the completed trial count that first reached it', () => {
    const compared = (id: string, name: string, best: ReturnType<typeof trial> | null, bestSoFar: Comparison['searches'][number]['bestSoFar']) => ({
      search: { ...search(bestSoFar.length, best), id, name, algorithm: 'bayes', status: 'succeeded' },
      completed: bestSoFar.length,
      bestSoFar,
    });
    const comparison = {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      searches: [
        compared('a1', 'warm', trial(1, 0.9, {}), [{ trials: 1, ordinal: 0, best: 0.8 }, { trials: 2, ordinal: 1, best: 0.9 }, { trials: 3, ordinal: 2, best: 0.9 }]),
        compared('b2', 'cold', null, [{ trials: 1, ordinal: 0, best: null }]),
      ],
    } as unknown as Comparison;
    expect(comparisonTable(comparison)).toBe(
      [
        'objective: maximize eval_accuracy',
        'search  name  algorithm  status     trials  best eval_accuracy  best at trial  best #',
        'a1      warm  bayes      succeeded  3/20    0.9                 2              1',
        'b2      cold  bayes      succeeded  1/20    -                   -              -',
      ].join('\n'),
    );
  });

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
    expect(progressLine(search(20, measured(7, 0.812345, 0.004123, 6)))).toBe('[########################] 20/20 100%  running 4  failed 1  best eval_accuracy=0.8123 ± 0.0041 (#7)');
  });

  it('describes a search with its objectives, its constraints and the infeasible count', () => {
    const described = describeSearch({
      ...search(6, null),
      id: 's1',
      name: 'constrained',
      status: 'running',
      error: null,
      algorithm: 'bayes',
      trainer: 'synthetic',
      objectives: [{ metric: 'eval_accuracy', goal: 'maximize' }, { metric: 'train_cost', goal: 'minimize' }],
      constraints: [{ metric: 'train_cost', max: 4 }, { metric: 'peak_memory_gb', min: 0.5, max: 20 }, { metric: 'eval_accuracy', min: 0.6 }],
      progress: { ...search(6, null).progress, infeasible: 2 },
      links: { temporalUi: null },
      tags: {},
      archived: false,
      notes: '',
    } as unknown as Search);
    expect(described).toContain('objectives   maximize eval_accuracy, minimize train_cost\n');
    expect(described).toContain('constraints  train_cost ≤ 4, 0.5 ≤ peak_memory_gb ≤ 20, eval_accuracy ≥ 0.6\n');
    expect(described).toContain('failed 1  infeasible 2  best -');
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

  it('shows a column for every parameter the search varies, even one constant in the rows shown, and none for fixed values', () => {
    const searched = { parameters: [{ name: 'lr', type: 'float', low: 1e-4, high: 1e-2 }, { name: 'warmup', type: 'int', values: [0, 10] }], fixed: [{ name: 'steps', value: 5 }] } as unknown as Search;
    const table = trialsTable(searched, [trial(0, 0.5, { lr: 0.001, warmup: 10, steps: 5 }), trial(1, null, { lr: 0.0003, warmup: 10, steps: 5 })] as never);
    expect(table.split('\n')).toEqual(['#  status     objective  lr      warmup', '0  succeeded  0.5        0.001   10', '1  running    -          0.0003  10']);
    expect(trialsTable(searched, [trial(2, 0.7, { lr: 0.002, warmup: 0, steps: 5 })] as never).split('\n')[0]).toBe('#  status     objective  lr     warmup');
  });

  it('lists searches with their status, progress and best objective', () => {
    const listed = (id: string, status: string, finished: number, best: ReturnType<typeof trial> | null) =>
      ({ ...search(finished, best), id, name: `sweep ${id}`, status, createdAt: '2026-12-01T15:04:05.123Z' }) as Search;
    expect(searchesTable([listed('b', 'running', 5, trial(3, 0.81234567, {})), listed('a', 'succeeded', 20, null)]).split('\n')).toEqual([
      'id  name     status     progress    best                    created (UTC)',
      'b   sweep b  running    5/20 25%    eval_accuracy=0.812346  2026-12-01 15:04:05',
      'a   sweep a  succeeded  20/20 100%  -                       2026-12-01 15:04:05',
    ]);
    expect(searchesTable([listed('c', 'succeeded', 20, measured(2, 0.812345, 0.004123, 3))]).split('\n')[1]).toBe('c   sweep c  succeeded  20/20 100%  eval_accuracy=0.8123 ± 0.0041  2026-12-01 15:04:05');
  });

  it('lists every final metric the trials report besides the objective after the parameters, - where a trial has none', () => {
    const searched = { objective: { metric: 'eval_accuracy', goal: 'maximize' }, parameters: [{ name: 'lr', type: 'float', low: 1e-4, high: 1e-2 }], fixed: [] } as unknown as Search;
    const withMetrics = (ordinal: number, metrics: Record<string, number> | null) => ({ ...trial(ordinal, 0.5, { lr: 0.001 * (ordinal + 1) }), metrics });
    const table = trialsTable(searched, [withMetrics(0, { train_cost: 3, eval_accuracy: 0.5, eval_loss: 0.7 }), withMetrics(1, { eval_accuracy: 0.5 }), withMetrics(2, null)] as never);
    expect(table.split('\n')).toEqual([
      '#  status     objective  lr     eval_loss  train_cost',
      '0  succeeded  0.5        0.001  0.7        3',
      '1  succeeded  0.5        0.002  -          -',
      '2  succeeded  0.5        0.003  -          -',
    ]);
  });

  it('formats values: numbers to six significant digits, strings as they are, anything else as JSON', () => {
    expect([0.000300000001, 3, 'cosine', true, null, [1, 2], { warmup: 0.1 }].map(formatValue)).toEqual(['0.0003', '3', 'cosine', 'true', '-', '[1,2]', '{"warmup":0.1}']);
  });

  it('formats an interval as its middle ± its half width to two significant digits, with its level and evaluations', () => {
    expect(intervalText(measured(7, 0.812345, 0.004123, 6))).toBe('0.8123 ± 0.0041 (95%, 6 evaluations)');
    expect(objectiveText(measured(7, 0.812345, 0.004123, 6))).toBe('0.8123 ± 0.0041');
    expect(objectiveText(measured(1, 1234.5678, 56.78, 3))).toBe('1235 ± 57');
    expect(objectiveText(measured(1, 0.5, 0, 2))).toBe('0.5 ± 0');
    expect(objectiveText(trial(1, 0.8412345678, {}))).toBe('0.841235');
    expect(intervalText(trial(1, 0.8412345678, {}))).toBeNull();
    expect([0.004123, 0.0512, 0.0996, 12.3, 0].map(spreadText)).toEqual(['0.0041', '0.051', '0.10', '12', '0']);
  });

  it('ends a watch with the best trial and its interval', () => {
    const ended = { ...search(20, { ...measured(7, 0.812345, 0.004123, 6), status: 'succeeded', params: { lr: 0.001 }, metrics: null, error: null }), id: 's1', status: 'succeeded', error: null } as unknown as Search;
    expect(describeOutcome(ended).split('\n')).toEqual([
      'search s1 succeeded',
      'best trial:',
      'trial      #7  t7',
      'status     succeeded',
      'objective  eval_accuracy=0.8123 ± 0.0041 (95%, 6 evaluations)',
      'params     lr=0.001',
    ]);
  });

  it('shows a confirmed best trial’s objective as the search measured it, before its confirmation replaced it', () => {
    const confirmed = { ...measured(7, 0.812345, 0.004123, 5), status: 'succeeded' as const, params: { lr: 0.001 }, metrics: null, error: null, beforeConfirmation: { objective: 0.8712, evaluations: 1, interval: null } };
    const ended = { ...search(20, confirmed), id: 's1', status: 'succeeded', error: null } as unknown as Search;
    expect(describeOutcome(ended).split('\n').slice(4, 6)).toEqual(['objective            eval_accuracy=0.8123 ± 0.0041 (95%, 5 evaluations)', 'before confirmation  eval_accuracy=0.8712 (1 evaluation)']);
    expect(beforeConfirmationText({ beforeConfirmation: { objective: 0.8, evaluations: 3, interval: { low: 0.79, high: 0.81, level: 0.95 } } })).toBe('0.800 ± 0.010 (3 evaluations)');
    expect(beforeConfirmationText({ beforeConfirmation: null })).toBeNull();
  });

  it('shows each trial’s evaluation count where one of the rows was evaluated more than once', () => {
    const searched = { objective: { metric: 'eval_accuracy', goal: 'maximize' }, parameters: [], fixed: [] } as unknown as Search;
    expect(trialsTable(searched, [measured(0, 0.8, 0.01, 4), trial(1, 0.7, {})] as never).split('\n')).toEqual([
      '#  status     objective  evaluations',
      '0  succeeded  0.8        4',
      '1  succeeded  0.7        1',
    ]);
  });

  it('maps errors to exit codes, printing a problem’s field errors', () => {
    const lines: string[] = [];
    const problem = new ApiProblem(400, { type: '/problems/invalid-request', title: 'Invalid request', status: 400, detail: '…', errors: [{ in: 'body', field: 'budget.parallelism', message: 'must be at least 1' }] });
    expect(reportError(problem, (line) => lines.push(line))).toBe(ExitCode.usage);
    expect(lines).toEqual(['hpsearch: Invalid request (HTTP 400)', '  budget.parallelism: must be at least 1']);
    lines.length = 0;
    const yaml = new ApiProblem(400, { type: '/problems/invalid-yaml', title: 'Invalid YAML', status: 400, detail: '…', errors: [{ in: 'body', field: '(root)', message: 'Block collections are not allowed within flow collections', line: 4, column: 26 }] });
    expect(reportError(yaml, (line) => lines.push(line))).toBe(ExitCode.usage);
    expect(lines).toEqual(['hpsearch: Invalid YAML (HTTP 400)', '  (root) (line 4, column 26): Block collections are not allowed within flow collections']);
    expect(reportError(new ServerUnreachable('cannot reach'), () => undefined)).toBe(ExitCode.unreachable);
    expect(reportError(new ApiProblem(503, { type: '/problems/unavailable', title: 'Temporal unavailable', status: 503, detail: 'down' }), () => undefined)).toBe(ExitCode.searchFailed);
  });
});
