import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { commandTrainer } from '../../src/trainers/command/index';
import type { CommandTrainerConfig } from '../../src/trainers/command/config';
import { loadTrainersFile } from '../../src/trainers/registry';
import type { ProgressReport, TrialContext, TrialOutcome } from '../../src/trainers/types';
import { until } from '../support/until';

/**
 * examples/hf-lora through the real command trainer, without torch: the stand-in (standin.py) speaks the
 * protocol exactly as train.py does, through the same protocol.py; train.py itself is checked up to the
 * point where it would import torch, and every Python file must compile.
 */
const exampleDir = path.resolve('examples/hf-lora');
const workRoot = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-hf-lora-'));
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

const python = promisify(execFile);
// Keep __pycache__ out of the source tree.
const pythonEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

const trainers = await loadTrainersFile(path.join(exampleDir, 'trainers.yaml'));
function entry(name: string): CommandTrainerConfig {
  const found = trainers.find((t) => t.name === name);
  if (!found) throw new Error(`examples/hf-lora/trainers.yaml has no trainer ${name}`);
  return { ...found, env: { ...found.env, PYTHONDONTWRITEBYTECODE: '1' } };
}
const standin = entry('nsmc-lora-standin');
const gpuTrainer = entry('nsmc-lora');

function trial(config: CommandTrainerConfig, params: Record<string, number | string>, name: string, options: { attempt?: number; signal?: AbortSignal } = {}) {
  const reports: ProgressReport[] = [];
  const ctx: TrialContext = {
    searchId: 's', trialId: name, ordinal: 0, attempt: options.attempt ?? 1, params, seed: 11,
    workDir: path.join(workRoot, name), processDir: path.join(workRoot, 'trainer-pids'), signal: options.signal ?? new AbortController().signal, report: (r) => reports.push(r),
  };
  return { ctx, reports, outcome: commandTrainer(config).run(ctx) };
}

const checkpoints = (name: string) => readdirSync(path.join(workRoot, name, 'checkpoints')).sort();
const succeeded = (outcome: TrialOutcome) => {
  expect(outcome).toMatchObject({ status: 'succeeded' });
  return outcome.metrics;
};

describe('hf-lora stand-in through the command trainer', () => {
  it('streams a progress line per optimizer step and returns the eval metrics', async () => {
    const { reports, outcome } = trial(standin, { learning_rate: 2e-3, num_train_epochs: 2 }, 'ok');
    const metrics = succeeded(await outcome);
    // 48 fake reviews, batches of 8: 6 optimizer steps per epoch.
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // fractional epochs pass through as the HF Trainer logs them
    expect(reports.map((r) => Math.floor(r.epoch!))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2]);
    expect(reports.every((r) => Number.isFinite(r.values.loss) && Number.isFinite(r.values.learning_rate))).toBe(true);
    expect(reports[0]!.values.learning_rate).toBe(2e-3); // linear decay from the peak
    expect(reports[11]!.values.loss).toBeLessThan(reports[0]!.values.loss!);
    expect(Object.keys(metrics).sort()).toEqual(['eval_accuracy', 'eval_loss', 'greedy_accuracy']);
    expect(metrics.greedy_accuracy).toBeGreaterThan(0.7);
    expect(checkpoints('ok')).toEqual(['checkpoint-12']);
  });

  it('ends a run at learning_rate 0.5 as diverged on its NaN loss', async () => {
    const { reports, outcome } = trial(standin, { learning_rate: 0.5, num_train_epochs: 2 }, 'diverged');
    const result = await outcome;
    expect(result.status).toBe('diverged');
    expect(result.status !== 'succeeded' && result.error).toMatch(/nan/i);
    expect(reports.map((r) => r.step)).toEqual([1, 2]);
  });

  it('resumes a run killed in epoch 2 from the epoch-1 checkpoint and ends as an uninterrupted run does', async () => {
    const params = { learning_rate: 2e-3, num_train_epochs: 3, temperature: 1, top_p: 0.9, sleep_seconds: 0.15 };
    const uninterrupted = trial(standin, params, 'uninterrupted');
    const controller = new AbortController();
    const first = trial(standin, params, 'resumed', { signal: controller.signal });
    await until(() => first.reports.some((r) => r.step > 6), 10_000, 'a step of epoch 2');
    controller.abort(new Error('worker lost'));
    await expect(first.outcome).rejects.toThrow('worker lost');
    expect(first.reports.at(-1)!.step).toBeLessThan(12);
    expect(checkpoints('resumed')).toEqual(['checkpoint-6']);

    const second = trial(standin, params, 'resumed', { attempt: 2 });
    const resumed = succeeded(await second.outcome);
    expect(second.reports[0]!.step).toBe(7);
    const expected = succeeded(await uninterrupted.outcome);
    expect(resumed).toEqual(expected);
    expect(second.reports).toEqual(uninterrupted.reports.slice(6));
  });

  it('evaluates greedily as temperature goes to 0, and samples above it', async () => {
    const run = async (sampling: Record<string, number>, name: string) =>
      succeeded(await trial(standin, { learning_rate: 2e-3, num_train_epochs: 1, ...sampling }, name).outcome);
    const [zero, belowBound, tinyNucleus, sampled] = await Promise.all([
      run({ temperature: 0 }, 't0'),
      run({ temperature: 1e-9, top_p: 0.5 }, 't1e-9'),
      run({ temperature: 1, top_p: 0.01 }, 'top-p'),
      run({ temperature: 1, top_p: 1 }, 't1'),
    ]);
    expect(zero.eval_accuracy).toBe(zero.greedy_accuracy);
    expect(belowBound).toEqual(zero);
    expect(tinyNucleus).toEqual(zero);
    expect(sampled.greedy_accuracy).toBe(zero.greedy_accuracy);
    expect(sampled.eval_accuracy).toBeLessThan(zero.eval_accuracy!);
  });
});

describe('hf-lora train.py and protocol.py without torch', () => {
  it('declares in trainers.yaml exactly the knobs protocol.py accepts', async () => {
    const { stdout } = await python('python3', ['-c', 'import dataclasses, json, protocol; print(json.dumps([f.name for f in dataclasses.fields(protocol.HyperParams)]))'], { cwd: exampleDir, env: pythonEnv });
    const knobs = (JSON.parse(stdout) as string[]).sort();
    expect(Object.keys(gpuTrainer.parameters).sort()).toEqual(knobs);
    expect(Object.keys(standin.parameters).sort()).toEqual([...knobs, 'sleep_seconds'].sort());
    expect(gpuTrainer.taskQueue).toBe('hpsearch-gpu');
  });

  it('train.py fails at once, with a clear message, on a missing model or an unknown knob', async () => {
    const command = [...gpuTrainer.command];
    command[command.indexOf('--model-path') + 1] = path.join(workRoot, 'no-such-model');
    const missingModel = await trial({ ...gpuTrainer, command }, { learning_rate: 1e-4 }, 'no-model').outcome;
    expect(missingModel).toMatchObject({ status: 'failed', error: expect.stringMatching(/no model at .*no-such-model.*local files only/) });
    const unknownKnob = await trial({ ...gpuTrainer, command }, { learning_rat: 1e-4 }, 'bad-knob').outcome;
    expect(unknownKnob).toMatchObject({ status: 'failed', error: expect.stringMatching(/unknown parameter\(s\): learning_rat/) });
  });

  it('passes the Python unit tests of protocol.py (sampler, divergence, checkpoints) and the NSMC reader', async () => {
    const { stderr } = await python('python3', ['-m', 'unittest', 'test_protocol'], { cwd: exampleDir, env: pythonEnv });
    expect(stderr).toMatch(/\nOK\s*$/);
  });

  it('compiles every Python file (py_compile), train.py and finetune.py included', async () => {
    const files = readdirSync(exampleDir).filter((f) => f.endsWith('.py'));
    expect(files).toEqual(expect.arrayContaining(['finetune.py', 'protocol.py', 'standin.py', 'train.py']));
    const cache = path.join(workRoot, 'pycache');
    await python('python3', ['-m', 'py_compile', ...files], { cwd: exampleDir, env: { ...process.env, PYTHONPYCACHEPREFIX: cache } });
  });
});
