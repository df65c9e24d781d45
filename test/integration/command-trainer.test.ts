import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandTrainer } from '../../src/trainers/command/index';
import type { CommandTrainerConfig } from '../../src/trainers/command/config';
import type { ProgressReport, TrialContext } from '../../src/trainers/types';
import { exampleTrainer } from '../support/stack';

const workRoot = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-command-'));
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

function context(params: Record<string, number | string>, name: string, signal = new AbortController().signal) {
  const reports: ProgressReport[] = [];
  const ctx: TrialContext = {
    searchId: 's', trialId: name, ordinal: 0, attempt: 1, params, trainParams: params, seed: 1, evaluationSeed: 1,
    workDir: path.join(workRoot, name), processDir: path.join(workRoot, 'trainer-pids'), signal, report: (r) => reports.push(r),
  };
  return { ctx, reports };
}

function scriptTrainer(name: string, body: string): CommandTrainerConfig {
  const file = path.join(workRoot, `${name}.py`);
  writeFileSync(file, body);
  return { ...exampleTrainer, name, command: ['python3', file] };
}

describe('command trainer (real processes)', () => {
  it('runs the example trainer: params file in, progress and eval out, checkpoints kept', async () => {
    const { ctx, reports } = context({ learning_rate: 1e-3, num_train_epochs: 2, steps_per_epoch: 3 }, 'ok');
    const outcome = await commandTrainer(exampleTrainer).run(ctx);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.metrics.eval_accuracy).toBeGreaterThan(0.85);
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reports[5]!.epoch).toBe(2);
    expect(readdirSync(path.join(ctx.workDir, 'checkpoints'))).toContain('state.json');
  });

  it('ends a trial whose loss goes NaN as diverged and stops the process', async () => {
    const { ctx, reports } = context({ learning_rate: 0.5, num_train_epochs: 2, steps_per_epoch: 10, sleep_seconds: 0.5 }, 'nan');
    const outcome = await commandTrainer(exampleTrainer).run(ctx);
    expect(outcome.status).toBe('diverged');
    expect(outcome.status !== 'succeeded' && outcome.error).toMatch(/NaN/);
    // killed in the half second after its first NaN loss: no step of the 20 came after it
    expect(reports.at(-1)!.values.loss).toBeNaN();
    expect(reports.filter((report) => Number.isNaN(report.values.loss))).toHaveLength(1);
  });

  it('reports a crash as failed with the end of stderr', async () => {
    const crash = scriptTrainer('crash', 'import sys\nprint("loading", flush=True)\nsys.stderr.write("CUDA out of memory\\n")\nsys.exit(3)\n');
    const outcome = await commandTrainer(crash).run(context({}, 'crash').ctx);
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/code 3: CUDA out of memory/) });
  });

  it('ignores garbage on stdout and fails a trainer that never reports eval', async () => {
    const garbage = scriptTrainer('garbage', 'print("\\x00\\xff not json {{{")\nprint(\'{"step": 1, "loss": 0.5}\')\nprint("[1,2,3]")\n');
    const { ctx, reports } = context({}, 'garbage');
    const outcome = await commandTrainer(garbage).run(ctx);
    expect(reports).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/without an \{"eval"/) });
  });

  it('kills a trainer that hangs without output and fails the attempt so it is retried', async () => {
    const hung = scriptTrainer('hung', 'import time\nprint(\'{"step": 1, "loss": 0.5}\', flush=True)\ntime.sleep(60)\n');
    const started = Date.now();
    await expect(commandTrainer({ ...hung, stallTimeoutMs: 1_000, killGraceMs: 200 }).run(context({}, 'hung').ctx)).rejects.toThrow(/printed nothing for 1000 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('on abort, SIGTERMs the process group and SIGKILLs what ignores it', async () => {
    const stubborn = scriptTrainer('stubborn', 'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint(\'{"step": 1, "loss": 0.5}\', flush=True)\ntime.sleep(60)\n');
    const controller = new AbortController();
    const { ctx, reports } = context({}, 'stubborn', controller.signal);
    const run = commandTrainer({ ...stubborn, killGraceMs: 300 }).run(ctx);
    while (reports.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    controller.abort(new Error('cancelled by test'));
    await expect(run).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
