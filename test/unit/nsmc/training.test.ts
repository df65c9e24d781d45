import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../../../src/trainers/nsmc/dataset';
import { weightNames, type ModelWeights } from '../../../src/trainers/nsmc/model';
import { type TrainingHooks, type TrainingOutcome, trainModel } from '../../../src/trainers/nsmc/training';
import type { ProgressReport } from '../../../src/trainers/types';
import type { Params } from '../../../src/search-spec/space';
import { parseNsmcTrainParams } from '../../../src/trainers/nsmc/params';
import { firstReviews, smallConfig, trainingData } from './fixtures';

let reviews: Review[];
let scratch: string;

beforeAll(async () => {
  reviews = await firstReviews('train', 500);
  scratch = await mkdtemp(path.join(tmpdir(), 'nsmc-training-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function train(params: Params, seed = 1, hooks: TrainingHooks = {}, checkpointDir?: string): Promise<TrainingOutcome> {
  const config = smallConfig(params);
  return trainModel(trainingData(reviews, config), config, seed, checkpointDir ? { dir: checkpointDir, fingerprint: 'test' } : undefined, hooks);
}

function weightsOf(result: TrainingOutcome): ModelWeights {
  if (result.status !== 'succeeded') throw new Error(`training ${result.status}: ${result.reason}`);
  return result.weights;
}

function sameBits(a: ModelWeights, b: ModelWeights): boolean {
  return weightNames.every((name) => Buffer.from(a[name].buffer).equals(Buffer.from(b[name].buffer)));
}

describe('trainModel', () => {
  it('counts optimiser steps as the HF Trainer and reports loss and the scheduled learning rate', async () => {
    const reports: ProgressReport[] = [];
    // 500 reviews / 8 = 63 micro-batches; accumulating 4 gives ceil(63 / 4) = 16 steps per epoch
    const result = await train({ gradient_accumulation_steps: 4, lr_scheduler_type: 'linear', warmup_steps: 4 }, 1, { onProgress: (r) => reports.push(r) });
    expect(result.status).toBe('succeeded');
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(reports[15]?.epoch).toBe(1);
    expect(reports[31]?.epoch).toBe(2);
    // step k runs with lr·λ(k − 1): λ(0) = 0, λ(2) = 2/4, λ(10) = (32 − 10) / (32 − 4)
    expect(reports[0]?.values.learning_rate).toBe(0);
    expect(reports[2]?.values.learning_rate).toBeCloseTo(0.02 * 0.5, 15);
    expect(reports[10]?.values.learning_rate).toBeCloseTo((0.02 * 22) / 28, 15);
    const losses = reports.map((r) => r.values.loss as number);
    expect(losses[0]).toBeCloseTo(Math.log(2), 1);
    expect(losses.at(-1)).toBeLessThan(losses[0] as number);
    expect(result.metrics.train_loss).toBeCloseTo(losses.reduce((sum, loss) => sum + loss, 0) / 32, 12);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, c] = await Promise.all([train({}, 7), train({}, 7), train({}, 8)]);
    expect(sameBits(weightsOf(a), weightsOf(b))).toBe(true);
    expect(sameBits(weightsOf(a), weightsOf(c))).toBe(false);
  });

  it('resumes after a crash from the last epoch checkpoint to bit-identical weights', async () => {
    const params = { num_train_epochs: 3, hidden_dim: 4, weight_decay: 0.01, lr_scheduler_type: 'cosine', warmup_ratio: 0.1 };
    const uninterrupted = await train(params, 3, {}, path.join(scratch, 'uninterrupted'));

    const crashDir = path.join(scratch, 'crashed');
    const crash = new AbortController();
    const checkpoints: number[] = [];
    const crashed = train(params, 3, {
      signal: crash.signal,
      onCheckpoint: (epochs) => checkpoints.push(epochs),
      // 63 steps per epoch: crash part-way through the third epoch
      onProgress: (r) => r.step === 140 && crash.abort(new Error('simulated crash')),
    }, crashDir);
    await expect(crashed).rejects.toThrow('simulated crash');
    expect(checkpoints).toEqual([1, 2]);

    const resumedReports: ProgressReport[] = [];
    const resumed = await train(params, 3, { onProgress: (r) => resumedReports.push(r) }, crashDir);
    expect(resumedReports[0]?.step).toBe(127);
    expect(sameBits(weightsOf(resumed), weightsOf(uninterrupted))).toBe(true);
    expect(resumed.metrics).toEqual({ ...uninterrupted.metrics, resumed_from_epoch: 2 });
  });

  it('ends as diverged at learning_rate 1.0 with the trial defaults, the loss having blown up', async () => {
    const slice = await firstReviews('train', 20_000);
    const config = parseNsmcTrainParams({ learning_rate: 1.0 });
    const data = trainingData(slice, config);
    for (const seed of [1, 2, 3]) {
      const result = await trainModel(data, config, seed, undefined);
      expect(result.status).toBe('diverged');
      expect(result.status === 'diverged' && result.reason).toMatch(/^loss exploded/);
      expect(result.metrics.train_steps).toBeLessThan(100);
    }
  });

  it('stops between micro-batches once the signal is aborted', async () => {
    const controller = new AbortController();
    let reports = 0;
    const run = train({ gradient_accumulation_steps: 8 }, 1, {
      signal: controller.signal,
      onProgress: () => {
        reports++;
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(reports).toBe(1);
  });
});
