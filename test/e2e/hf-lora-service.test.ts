import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTrainersFile } from '../../src/trainers/registry';
import { runsWithTool } from '../support/external-tool';
import { processesWithEnvMarker } from '../support/processes';
import { useEmbeddedService, type EmbeddedService } from '../support/service-process';
import { hfPython } from '../support/test-tools';
import { until } from '../support/until';

/**
 * The reference user's fine-tune through the HTTP API: examples/hf-lora/train.py (transformers + peft LoRA on
 * a tiny Phi model built offline) as the operator's trainers.yaml declares it (stages: train once per train
 * key, evaluate per trial), run by the embedded service on the CPU.
 */
const python = hfPython();
const offline = { HF_HUB_OFFLINE: '1', PYTHONDONTWRITEBYTECODE: '1' };
const killMarker = `HPSEARCH_HF_KILL_TEST=${randomBytes(4).toString('hex')}`;
const run = promisify(execFile);

type Trial = { id: string; ordinal: number; status: string; startedAt: string; finishedAt: string; attempt: number; trainKey: string; trainingReused: boolean; params: Record<string, unknown>; metrics: Record<string, number> | null; error: string | null };
type Point = { step: number; epoch: number | null; values: Record<string, number> };

describe.runIf(runsWithTool('the Python venv of examples/hf-lora', existsSync(python), 'REQUIRE_PYTHON_TESTS'))('the HF LoRA trainer through the API', () => {
  const embedded = useEmbeddedService('hf-lora');
  let service: EmbeddedService;
  const json = async <T = any>(route: string): Promise<T> => (await fetch(`${service.url}${route}`)).json() as Promise<T>;
  const submit = async (spec: object): Promise<string> => {
    const response = await fetch(`${service.url}/v1/searches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    const body = (await response.json()) as { id: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.id;
  };
  const settled = async (id: string, timeoutMs: number): Promise<Trial[]> => {
    await until(async () => ['succeeded', 'failed', 'cancelled'].includes((await json(`/v1/searches/${id}`)).status), timeoutMs, `search ${id} to end`);
    return (await json<{ items: Trial[] }>(`/v1/searches/${id}/trials?limit=100`)).items;
  };
  const curve = async (trialId: string): Promise<Point[]> => (await json<{ curve: Point[] }>(`/v1/trials/${trialId}`)).curve;

  beforeAll(async () => {
    const modelDir = path.join(embedded.dataDir, 'tiny-phi');
    await run(python, ['examples/hf-lora/build_tiny_model.py', modelDir], { env: { ...process.env, ...offline } });
    const [operatorEntry] = (await loadTrainersFile('examples/hf-lora/trainers.yaml')).filter((t) => t.name === 'nsmc-lora');
    // the operator's entry (stages, knobs, metrics) with the venv's Python, the tiny model and small samples, on this service's worker
    const entry = { ...operatorEntry!, taskQueue: undefined };
    const trainer = (name: string, samples: number, env: Record<string, string> = {}) => ({
      ...entry,
      name,
      command: [python, 'examples/hf-lora/train.py', '--model-path', modelDir, '--train', 'data/nsmc/train.tsv', '--test', 'data/nsmc/test.tsv',
        '--max-train-samples', String(samples), '--max-eval-samples', '16', '--max-test-samples', '32', '--save-steps', '4'],
      env: { ...offline, ...env },
      killGraceMs: 5_000,
    });
    const [markerName, markerValue] = killMarker.split('=') as [string, string];
    const trainersPath = path.join(embedded.dataDir, 'trainers.json');
    writeFileSync(trainersPath, JSON.stringify({
      trainers: [
        trainer('nsmc-lora', 32),
        // the same trainer twice more, for a run killed mid-epoch and an uninterrupted one: their own train keys
        trainer('nsmc-lora-killed', 96, { [markerName]: markerValue }),
        trainer('nsmc-lora-uninterrupted', 96),
        trainer('nsmc-lora-200', 200),
      ],
    }));
    service = await embedded.start({ TRAINERS_FILE: trainersPath, TRIAL_MAX_ATTEMPTS: '3' });
  }, 180_000);

  it('a grid of 2 schedulers × 3 temperatures trains twice and evaluates 6 times, every trial with its curves', async () => {
    const id = await submit({
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      trainer: { name: 'nsmc-lora' },
      algorithm: 'grid',
      seed: 3,
      budget: { parallelism: 2 },
      space: {
        lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine_with_restarts'] },
        temperature: { type: 'float', values: [0, 0.7, 1.5] },
      },
      fixed: { learning_rate: 2e-2, num_train_epochs: 2, num_cycles: 2, max_length: 48, lora_r: 4, top_p: 0.9 },
    });
    const trials = await settled(id, 900_000);
    const seconds = (t: Trial) => ((Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000).toFixed(1);
    const row = (t: Trial) => [t.ordinal, t.params.lr_scheduler_type, t.params.temperature, t.trainingReused ? 'reused' : 'trained', t.status,
      ...['eval_accuracy', 'greedy_accuracy', 'eval_loss', 'train_loss'].map((m) => t.metrics?.[m]?.toFixed(4)), seconds(t)].join(' | ');
    console.log(['| trial | scheduler | temperature | training | status | eval_accuracy | greedy_accuracy | eval_loss | train_loss | seconds |', '|---|---|---|---|---|---|---|---|---|---|',
      ...[...trials].sort((a, b) => a.ordinal - b.ordinal).map((t) => `| ${row(t)} |`)].join('\n'));
    expect(trials.map((t) => [t.status, t.error])).toEqual(trials.map(() => ['succeeded', null]));
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((t) => t.trainKey)).size).toBe(2);
    expect(trials.filter((t) => !t.trainingReused)).toHaveLength(2);
    expect(readdirSync(path.join(embedded.dataDir, 'artifacts', 'models', 'nsmc-lora'))).toHaveLength(2);

    for (const trial of trials) {
      expect(Object.keys(trial.metrics!)).toEqual(expect.arrayContaining(['eval_accuracy', 'greedy_accuracy', 'eval_loss', 'train_loss']));
      const points = await curve(trial.id);
      // 32 reviews in batches of 8: 4 optimiser steps an epoch, each logged, and an evaluation at the end of each epoch
      expect(points.filter((p) => p.values.loss !== undefined).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(points.every((p) => p.values.loss === undefined || p.values.learning_rate! >= 0)).toBe(true);
      expect(points.filter((p) => p.values.eval_loss !== undefined).map((p) => [p.step, p.epoch])).toEqual([[4, 1], [8, 2]]);
    }
    const learningRates = async (scheduler: string) => {
      const trial = trials.find((t) => t.params.lr_scheduler_type === scheduler)!;
      return (await curve(trial.id)).filter((p) => p.values.learning_rate !== undefined).map((p) => p.values.learning_rate!);
    };
    const rises = (rates: number[]) => rates.slice(1).filter((rate, i) => rate > rates[i]!).length;
    // cosine_with_restarts with num_cycles 2 restarts once, half-way; linear only decays
    expect(rises(await learningRates('cosine_with_restarts'))).toBe(1);
    expect(rises(await learningRates('linear'))).toBe(0);
    // at temperature 0 the sampled label is the greedy one
    for (const trial of trials.filter((t) => t.params.temperature === 0)) expect(trial.metrics!.eval_accuracy).toBe(trial.metrics!.greedy_accuracy);
  }, 960_000);

  it('learning rate 10 ends the trial diverged, without an evaluation', async () => {
    const id = await submit({
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      trainer: { name: 'nsmc-lora-200' },
      algorithm: 'grid',
      seed: 11,
      space: { learning_rate: { type: 'float', values: [10] } },
      fixed: { num_train_epochs: 1, max_length: 48 },
    });
    const [trial] = await settled(id, 300_000);
    expect(trial).toMatchObject({ status: 'diverged', error: expect.stringMatching(/loss became|gradient norm exploded/) });
    expect(trial!.metrics!.eval_accuracy).toBeUndefined();
  }, 320_000);

  it('a trainer killed with SIGKILL mid-epoch is retried, resumes from its checkpoint and ends as an uninterrupted run', async () => {
    const spec = (trainer: string) => ({
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      trainer: { name: trainer },
      algorithm: 'grid',
      seed: 5,
      space: { learning_rate: { type: 'float', values: [1e-2] } },
      fixed: { num_train_epochs: 1, max_length: 48, lora_r: 4, temperature: 1, top_p: 0.9 },
    });
    const killedId = await submit(spec('nsmc-lora-killed'));
    const uninterruptedId = await submit(spec('nsmc-lora-uninterrupted'));
    // 96 reviews: 12 steps, a checkpoint every 4; kill once checkpoint-4 is behind it
    await until(async () => {
      const [trial] = (await json<{ items: Trial[] }>(`/v1/searches/${killedId}/trials`)).items;
      return trial !== undefined && (await curve(trial.id)).some((p) => p.step >= 6);
    }, 300_000, 'the trainer past its first checkpoint');
    const trainerProcesses = processesWithEnvMarker(killMarker);
    expect(trainerProcesses.length).toBeGreaterThan(0);
    for (const pid of trainerProcesses) process.kill(pid, 'SIGKILL');

    const [killed] = await settled(killedId, 600_000);
    const [uninterrupted] = await settled(uninterruptedId, 600_000);
    expect(killed).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(uninterrupted).toMatchObject({ status: 'succeeded', attempt: 1 });
    const { resumed_from_step: resumedFrom, ...metrics } = killed!.metrics!;
    expect([4, 8]).toContain(resumedFrom);
    expect(metrics).toEqual(uninterrupted!.metrics);
    const logs = await (await fetch(`${service.url}/v1/trials/${killed!.id}/logs?attempt=1`)).text();
    expect(logs.length).toBeGreaterThan(0);
  }, 900_000);
});
