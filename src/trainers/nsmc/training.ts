import { createHash } from 'node:crypto';
import { createRng } from '../../search/rng';
import { DivergenceDetector } from '../divergence';
import type { ProgressReport } from '../types';
import { hfAdamW, StepScalars } from './adamw';
import { backpropExample, clearGradients, createBackpropScratch, createGradients } from './backprop';
import { type Checkpoint, loadCheckpoint, saveCheckpoint, type TrainingProgress } from './checkpoint';
import type { EncodedReviews } from './features';
import { createActivations, forward, initialWeights, type ModelWeights, weightNames } from './model';
import { ModelOptimizer } from './model-optimizer';
import type { NsmcTrainConfig } from './params';
import { lrLambda, warmupStepsFor } from './schedules';

export interface TrainingData {
  features: EncodedReviews;
  labels: Uint8Array;
}

export interface TrainingHooks {
  /** Checked between micro-batches. */
  signal?: AbortSignal;
  /** Called after every optimiser step with { loss, learning_rate }. */
  onProgress?: (report: ProgressReport) => void;
  /** Called once an epoch's checkpoint is on disk. */
  onCheckpoint?: (epochsDone: number) => void;
}

export interface TrainMetrics {
  /** Mean of the per-step losses, as the HF Trainer's train_loss. */
  train_loss: number;
  train_steps: number;
}

export type TrainingResult =
  | { status: 'succeeded'; weights: ModelWeights; metrics: TrainMetrics }
  | { status: 'diverged'; reason: string; metrics: TrainMetrics };

/** Optimiser steps per epoch as the HF Trainer counts them: a trailing partial accumulation is a step. */
export function stepsPerEpoch(reviews: number, config: NsmcTrainConfig): number {
  return Math.ceil(Math.ceil(reviews / config.per_device_train_batch_size) / config.gradient_accumulation_steps);
}

function fingerprintOf(data: TrainingData, config: NsmcTrainConfig, seed: number): string {
  const { ids, offsets } = data.features;
  return createHash('sha256')
    .update(JSON.stringify({ config, seed }))
    .update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength))
    .update(new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength))
    .update(data.labels)
    .digest('hex');
}

function shuffled(count: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const rng = createRng(seed, 1 + epoch);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

const yieldEveryMs = 25;

/**
 * Trains with HuggingFace Trainer semantics: micro-batches of per_device_train_batch_size reviews (the
 * last one smaller), gradient_accumulation_steps of them averaged per AdamW step, the scheduler's
 * multiplier λ(step − 1) on learning_rate. With a checkpointDir, resumes from its checkpoint and writes
 * one after every epoch but the last; a resumed run ends with the same weights, bit for bit.
 */
export async function trainModel(
  data: TrainingData,
  config: NsmcTrainConfig,
  seed: number,
  checkpointDir: string | undefined,
  hooks: TrainingHooks = {},
): Promise<TrainingResult> {
  const count = data.features.count;
  if (count === 0) throw new Error('no training reviews');
  const batchSize = config.per_device_train_batch_size;
  const microBatches = Math.ceil(count / batchSize);
  const perEpoch = stepsPerEpoch(count, config);
  const totalSteps = perEpoch * config.num_train_epochs;
  const lambda = lrLambda({
    type: config.lr_scheduler_type,
    learningRate: config.learning_rate,
    trainingSteps: totalSteps,
    warmupSteps: warmupStepsFor(config.warmup_steps, config.warmup_ratio, totalSteps),
    numCycles: config.num_cycles,
  });
  const scalars = new StepScalars(hfAdamW, totalSteps, (step) => config.learning_rate * lambda(step - 1));
  const fingerprint = fingerprintOf(data, config, seed);
  const resumed = checkpointDir === undefined ? undefined : await loadCheckpoint(checkpointDir, fingerprint);
  const progress: TrainingProgress = resumed?.progress ?? { fingerprint, seed, epochsDone: 0, stepsDone: 0, lossSum: 0, firstLoss: null };
  const weights =
    resumed?.weights ??
    initialWeights({ buckets: config.hash_buckets, embeddingDim: config.embedding_dim, hiddenDim: config.hidden_dim }, createRng(seed, 0));
  const optimizer = new ModelOptimizer(weights, scalars, config.weight_decay, resumed?.optimizer);
  const detector = new DivergenceDetector();
  if (progress.firstLoss !== null) detector.check(progress.firstLoss);
  const metrics = (): TrainMetrics => ({ train_loss: progress.lossSum / Math.max(1, progress.stepsDone), train_steps: progress.stepsDone });

  const grads = createGradients(weights);
  const act = createActivations(weights.shape);
  const scratch = createBackpropScratch(weights);
  const { ids, offsets } = data.features;
  let lastYield = performance.now();

  for (let epoch = progress.epochsDone; epoch < config.num_train_epochs; epoch++) {
    const order = shuffled(count, seed, epoch);
    for (let stepInEpoch = 0; stepInEpoch < perEpoch; stepInEpoch++) {
      const firstBatch = stepInEpoch * config.gradient_accumulation_steps;
      const endBatch = Math.min(firstBatch + config.gradient_accumulation_steps, microBatches);
      const accumulated = endBatch - firstBatch;
      clearGradients(grads);
      let stepLoss = 0;
      for (let batch = firstBatch; batch < endBatch; batch++) {
        hooks.signal?.throwIfAborted();
        const start = batch * batchSize;
        const end = Math.min(start + batchSize, count);
        const scale = 1 / ((end - start) * accumulated);
        let batchLoss = 0;
        for (let k = start; k < end; k++) {
          const review = order[k] as number;
          const from = offsets[review] as number;
          const to = offsets[review + 1] as number;
          forward(weights, ids, from, to, act);
          batchLoss += backpropExample(weights, act, ids, from, to, data.labels[review] as number, scale, grads, scratch);
        }
        stepLoss += batchLoss / (end - start);
      }
      stepLoss /= accumulated;
      const step = progress.stepsDone + 1;
      const diverged = detector.check(stepLoss);
      if (diverged) return { status: 'diverged', reason: `${diverged} at step ${step}`, metrics: metrics() };
      optimizer.apply(step, grads);
      progress.firstLoss ??= stepLoss;
      progress.lossSum += stepLoss;
      progress.stepsDone = step;
      hooks.onProgress?.({ step, epoch: epoch + (stepInEpoch + 1) / perEpoch, values: { loss: stepLoss, learning_rate: scalars.lr[step] as number } });
      if (performance.now() - lastYield > yieldEveryMs) {
        await new Promise(setImmediate);
        lastYield = performance.now();
      }
    }
    progress.epochsDone = epoch + 1;
    if (checkpointDir !== undefined && progress.epochsDone < config.num_train_epochs) {
      const checkpoint: Checkpoint = { progress, weights, optimizer: optimizer.state() };
      await saveCheckpoint(checkpointDir, checkpoint);
      hooks.onCheckpoint?.(progress.epochsDone);
    }
  }
  optimizer.flush(totalSteps);
  const broken = weightNames.find((name) => !weights[name].every(Number.isFinite));
  if (broken) return { status: 'diverged', reason: `weights of ${broken} became non-finite`, metrics: metrics() };
  return { status: 'succeeded', weights, metrics: metrics() };
}
