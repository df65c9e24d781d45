import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnnxModel } from '../../../src/trainers/nsmc/onnx-export';
import { openLabelSession, predictLabels } from '../../../src/trainers/nsmc/onnx-evaluate';
import type { Review } from '../../../src/trainers/nsmc/dataset';
import { evaluateNsmc } from '../../../src/trainers/nsmc/evaluate';
import { loadModel } from '../../../src/trainers/nsmc/model-store';
import { encodeReviews } from '../../../src/trainers/nsmc/features';
import { predictProbabilities } from '../../../src/trainers/nsmc/model';
import { trainNsmcInProcess } from '../../../src/trainers/nsmc/train-nsmc';
import { type TrainingOutcome, trainModel } from '../../../src/trainers/nsmc/training';
import { firstReviews, smallConfig, trainingData, writeNsmcFile } from './fixtures';

let train: Review[];
let test: Review[];
let scratch: string;

beforeAll(async () => {
  [train, test] = await Promise.all([firstReviews('train', 500), firstReviews('test', 300)]);
  scratch = await mkdtemp(path.join(tmpdir(), 'nsmc-onnx-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('ONNX export', () => {
  it.each([0, 6])('matches the TypeScript forward pass on 300 test reviews (hidden_dim %i)', async (hiddenDim) => {
    const config = smallConfig({ hidden_dim: hiddenDim, learning_rate: 0.005 });
    const trained: TrainingOutcome = await trainModel(trainingData(train, config), config, 1, undefined);
    if (trained.status !== 'succeeded') throw new Error(trained.reason);
    const features = encodeReviews(test.map((r) => r.text), { ngramMax: config.ngram_max, buckets: config.hash_buckets });
    const session = await openLabelSession(buildOnnxModel(trained.weights, {}), config.hash_buckets);
    // Small batches, so that padding differs between batches.
    const onnx = await predictLabels(session, features, 64);
    await session.session.release();
    const reference = predictProbabilities(trained.weights, features);
    let maxDiff = 0;
    for (let i = 0; i < reference.length; i++) maxDiff = Math.max(maxDiff, Math.abs((onnx.probabilities[i] as number) - (reference[i] as number)));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(new Set(reference).size).toBeGreaterThan(100);
  });

  it('trains, saves and evaluates a model directory, reporting the execution provider', async () => {
    const trainPath = await writeNsmcFile(scratch, 'train.tsv', train);
    const testPath = await writeNsmcFile(scratch, 'test.tsv', test);
    const modelDir = path.join(scratch, 'model');
    const options = { params: { hash_buckets: 4096, num_train_epochs: 2, learning_rate: 0.02 }, seed: 1, trainPath, modelDir };
    const trained = await trainNsmcInProcess(options);
    expect(trained).toMatchObject({ status: 'succeeded', reused: false });
    expect(await trainNsmcInProcess(options)).toMatchObject({ status: 'succeeded', reused: true, metrics: trained.metrics });

    const greedy = await evaluateNsmc(modelDir, { temperature: 0, top_p: 1, seed: 1, testPath });
    expect(['cuda', 'cpu']).toContain(greedy.provider);
    expect(greedy.metrics.eval_accuracy).toBe(greedy.metrics.greedy_accuracy);
    const saved = await loadModel(modelDir);
    const reference = predictProbabilities(saved!.weights, encodeReviews(test.map((r) => r.text), saved!.manifest.features));
    const referenceHits = test.filter((r, i) => ((reference[i * 2 + 1] as number) > (reference[i * 2] as number) ? 1 : 0) === r.label).length;
    expect(greedy.metrics.greedy_accuracy).toBe(referenceHits / test.length);
    expect(greedy.metrics.greedy_accuracy).toBeGreaterThan(0.6);
    expect(greedy.metrics.eval_loss).toBeLessThan(Math.log(2));
    const sampled = await evaluateNsmc(modelDir, { temperature: 1, top_p: 1, seed: 1, testPath });
    expect(sampled.metrics.greedy_accuracy).toBe(greedy.metrics.greedy_accuracy);
    expect(sampled.metrics.eval_loss).toBe(greedy.metrics.eval_loss);
    expect(sampled.metrics.eval_accuracy).not.toBe(greedy.metrics.eval_accuracy);
  });
});
