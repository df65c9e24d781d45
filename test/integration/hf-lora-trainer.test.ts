import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTrainer } from '../../src/trainers/command/index';
import type { CommandTrainerConfig } from '../../src/trainers/command/config';
import { loadTrainersFile } from '../../src/trainers/registry';
import type { ProgressReport, TrialContext } from '../../src/trainers/types';
import { runsWithTool } from '../support/external-tool';
import { hfPython } from '../support/test-tools';

/**
 * examples/hf-lora/train.py through the real command trainer, with the venv's Python (transformers, peft,
 * the hpsearch package) and a tiny Phi model built offline: the trainer as an operator configures it.
 * Its stages, resume, divergence and sampling are tested by pytest (examples/hf-lora/test_train.py).
 */
const exampleDir = path.resolve('examples/hf-lora');
const python = hfPython();
const workRoot = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-hf-lora-'));
const modelDir = path.join(workRoot, 'tiny-phi');
const offline = { HF_HUB_OFFLINE: '1', PYTHONDONTWRITEBYTECODE: '1' };
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

const run = promisify(execFile);

/** The nsmc-lora entry of examples/hf-lora/trainers.yaml, read as a worker reads it. */
const operatorEntry = (await loadTrainersFile(path.join(exampleDir, 'trainers.yaml'))).find((t) => t.name === 'nsmc-lora');
if (!operatorEntry) throw new Error('examples/hf-lora/trainers.yaml has no trainer nsmc-lora');

function trainer(params: Record<string, number | string>, name: string, modelPath = modelDir) {
  // the operator's entry with the venv's Python, the tiny model, small samples, and one run per trial
  const config: CommandTrainerConfig = {
    ...operatorEntry!,
    command: [python, 'examples/hf-lora/train.py', '--model-path', modelPath, '--train', 'data/nsmc/train.tsv', '--test', 'data/nsmc/test.tsv',
      '--max-train-samples', '48', '--max-eval-samples', '16', '--max-test-samples', '32'],
    env: offline,
    stages: false,
  };
  const reports: ProgressReport[] = [];
  const ctx: TrialContext = {
    searchId: 's', trialId: name, ordinal: 0, attempt: 1, params, trainParams: params, seed: 11, evaluationSeed: 11,
    workDir: path.join(workRoot, name), processDir: path.join(workRoot, 'trainer-pids'), signal: new AbortController().signal, report: (r) => reports.push(r),
  };
  return { reports, outcome: commandTrainer(config).run(ctx) };
}

describe.runIf(runsWithTool('the Python venv of examples/hf-lora', existsSync(python), 'REQUIRE_PYTHON_TESTS'))('examples/hf-lora/train.py as a command trainer', () => {
  beforeAll(async () => {
    await run(python, [path.join(exampleDir, 'build_tiny_model.py'), modelDir], { env: { ...process.env, ...offline } });
  }, 120_000);

  it('fine-tunes and evaluates a trial, streaming loss and learning rate per step', async () => {
    const { reports, outcome } = trainer({ learning_rate: 1e-2, num_train_epochs: 1, max_length: 48, temperature: 0.7, top_p: 0.9 }, 'trial');
    const result = await outcome;
    expect(result).toMatchObject({ status: 'succeeded' });
    const steps = reports.filter((r) => r.values.loss !== undefined);
    // 48 reviews in batches of 8
    expect(steps.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps.every((r) => Number.isFinite(r.values.loss) && r.values.learning_rate! > 0)).toBe(true);
    expect(reports.some((r) => r.step === 6 && Number.isFinite(r.values.eval_loss))).toBe(true);
    expect(Object.keys(result.metrics).sort()).toEqual(['eval_accuracy', 'eval_invalid', 'eval_label_loss', 'eval_loss', 'eval_on_gpu', 'greedy_accuracy', 'on_gpu', 'train_loss']);
    expect(result.metrics.on_gpu).toBe(0);
  }, 300_000);

  it('fails at once, with a clear message, on a missing model or an unknown knob', async () => {
    const missing = await trainer({ learning_rate: 1e-4 }, 'no-model', path.join(workRoot, 'no-such-model')).outcome;
    expect(missing).toMatchObject({ status: 'failed', error: expect.stringMatching(/no model at .*no-such-model.*local files only/) });
    const unknown = await trainer({ learning_rat: 1e-4 }, 'bad-knob').outcome;
    expect(unknown).toMatchObject({ status: 'failed', error: expect.stringMatching(/unknown parameter\(s\): learning_rat/) });
  }, 60_000);

  it('declares in trainers.yaml exactly the knobs train.py accepts, each in its stage', async () => {
    const script = 'import json, knobs; print(json.dumps({"train": sorted(knobs.TRAIN_STAGE), "eval": sorted(knobs.EVAL_STAGE)}))';
    const { stdout } = await run(python, ['-c', script], { cwd: exampleDir, env: { ...process.env, ...offline } });
    const accepted = JSON.parse(stdout) as { train: string[]; eval: string[] };
    const declared = operatorEntry.parameters;
    const inStage = (stage: string) => Object.keys(declared).filter((knob) => declared[knob]!.stage === stage).sort();
    expect({ train: inStage('train'), eval: inStage('eval') }).toEqual(accepted);
    expect(operatorEntry).toMatchObject({ taskQueue: 'hpsearch-gpu', stages: true });
  });
});
