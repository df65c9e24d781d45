import { createHash } from 'node:crypto';
import { createRng } from '../../util/rng';
import type { ProgressReport } from '../types';
import { hfAdamW, StepScalars } from './adamw';
import { loadCheckpoint, saveCheckpoint, type TrainingProgress } from './checkpoint';
import { DivergenceMonitor } from './divergence-monitor';
import type { TrainingData } from './features';
import { initialWeights, type ModelWeights, weightNames } from './model';
import { ModelOptimizer } from './model-optimizer';
import type { NsmcTrainConfig } from './params';
import { lrLambda, warmupStepsFor } from './schedules';
import { StepRunner } from './step-runner';

export interface TrainingHooks {
  /** Checked between micro-batches. */
  signal?: AbortSignal;
  /** Called after every optimiser step with { loss, learning_rate }. */
  onProgress?: (report: ProgressReport) => void;
  /** Called once an epoch's checkpoint is on disk. */
  onCheckpoint?: (epochsDone: number) => void;
}

/** Where checkpoints go, and the fingerprint a checkpoint must carry to be resumed from. */
export interface CheckpointTarget {
  dir: string;
  fingerprint: string;
}

export interface TrainMetrics {
  /** Mean of the per-step losses, as the HF Trainer's train_loss. */
  train_loss: number;
  train_steps: number;
  /** Epochs already done in the checkpoint this run resumed from (0 for a fresh run). */
  resumed_from_epoch: number;
}

export type TrainingOutcome =
  | { status: 'succeeded'; weights: ModelWeights; metrics: TrainMetrics }
  | { status: 'diverged'; reason: string; metrics: TrainMetrics };

/** Optimiser steps per epoch as the HF Trainer counts them: a trailing partial accumulation is a step. */
export function stepsPerEpoch(reviews: number, config: NsmcTrainConfig): number {
  return Math.ceil(Math.ceil(reviews / config.per_device_train_batch_size) / config.gradient_accumulation_steps);
}

/** Identifies a training run: configuration, seed and the encoded data. */
export function trainingFingerprint(data: TrainingData, config: NsmcTrainConfig, seed: number): string {
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

function stepScalarsFor(config: NsmcTrainConfig, totalSteps: number): StepScalars {
  const lambda = lrLambda({
    type: config.lr_scheduler_type,
    learningRate: config.learning_rate,
    trainingSteps: totalSteps,
    warmupSteps: warmupStepsFor(config.warmup_steps, config.warmup_ratio, totalSteps),
    numCycles: config.num_cycles,
  });
  return new StepScalars(hfAdamW, totalSteps, (step) => config.learning_rate * lambda(step - 1));
}

/**
 * Trains with HuggingFace Trainer semantics: micro-batches of per_device_train_batch_size reviews (the
 * last one smaller), gradient_accumulation_steps of them averaged per AdamW step, the scheduler's
 * multiplier λ(step − 1) on learning_rate. With a checkpoint target, resumes from the checkpoint there
 * and writes one after every epoch but the last; a resumed run ends with the same weights, bit for bit.
 */
export async function trainModel(
  data: TrainingData,
  config: NsmcTrainConfig,
  seed: number,
  checkpoint: CheckpointTarget | undefined,
  hooks: TrainingHooks = {},
): Promise<TrainingOutcome> {
  const count = data.features.count;
  if (count === 0) throw new Error('no training reviews');
  const accumulation = config.gradient_accumulation_steps;
  const microBatches = Math.ceil(count / config.per_device_train_batch_size);
  const perEpoch = stepsPerEpoch(count, config);
  const totalSteps = perEpoch * config.num_train_epochs;
  const scalars = stepScalarsFor(config, totalSteps);
  const resumed = checkpoint && (await loadCheckpoint(checkpoint.dir, checkpoint.fingerprint));
  const progress: TrainingProgress = resumed?.progress ?? {
    fingerprint: checkpoint?.fingerprint ?? '',
    seed,
    epochsDone: 0,
    stepsDone: 0,
    lossSum: 0,
    divergence: { firstLoss: null, recentLosses: [] },
  };
  const weights =
    resumed?.weights ??
    initialWeights({ buckets: config.hash_buckets, embeddingDim: config.embedding_dim, hiddenDim: config.hidden_dim }, createRng(seed, 0));
  const optimizer = new ModelOptimizer(weights, scalars, config.weight_decay, resumed?.optimizer);
  const monitor = new DivergenceMonitor(progress.divergence);
  const runner = new StepRunner(weights, data, config.per_device_train_batch_size, hooks.signal);
  const resumedFromEpoch = resumed ? resumed.progress.epochsDone : 0;
  const metrics = (): TrainMetrics => ({ train_loss: progress.lossSum / Math.max(1, progress.stepsDone), train_steps: progress.stepsDone, resumed_from_epoch: resumedFromEpoch });
  let lastYield = performance.now();

  for (let epoch = progress.epochsDone; epoch < config.num_train_epochs; epoch++) {
    const order = shuffled(count, seed, epoch);
    for (let stepInEpoch = 0; stepInEpoch < perEpoch; stepInEpoch++) {
      const firstBatch = stepInEpoch * accumulation;
      const loss = runner.accumulate(order, firstBatch, Math.min(firstBatch + accumulation, microBatches));
      const step = progress.stepsDone + 1;
      const diverged = monitor.check(loss);
      if (diverged) return { status: 'diverged', reason: `${diverged} at step ${step}`, metrics: metrics() };
      optimizer.apply(step, runner.grads);
      progress.lossSum += loss;
      progress.stepsDone = step;
      hooks.onProgress?.({ step, epoch: epoch + (stepInEpoch + 1) / perEpoch, values: { loss, learning_rate: scalars.lr[step] as number } });
      // Let timers and abort events run when training shares a thread with them.
      if (performance.now() - lastYield > yieldEveryMs) {
        await new Promise(setImmediate);
        lastYield = performance.now();
      }
    }
    progress.epochsDone = epoch + 1;
    if (checkpoint && progress.epochsDone < config.num_train_epochs) {
      progress.divergence = monitor.state();
      await saveCheckpoint(checkpoint.dir, { progress, weights, optimizer: optimizer.state() });
      hooks.onCheckpoint?.(progress.epochsDone);
    }
  }
  optimizer.flush(totalSteps);
  const broken = weightNames.find((name) => !weights[name].every(Number.isFinite));
  if (broken) return { status: 'diverged', reason: `weights of ${broken} became non-finite`, metrics: metrics() };
  return { status: 'succeeded', weights, metrics: metrics() };
}
