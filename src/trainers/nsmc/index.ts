import path from 'node:path';
import type { TrainOutcome, Trainer, TrainerStages, TrialContext, TrialOutcome } from '../types';
import { nsmcDataFiles } from './dataset';
import { evaluateNsmc } from './evaluate';
import { type NsmcEvalConfig, nsmcParameters, parseNsmcEvalParams, parseNsmcTrainParams } from './params';
import { trainNsmc } from './train-in-worker';
import { checkpointDirOf } from '../work-dirs';

export { loadNsmc, nsmcDataFiles, parseNsmc, type Review } from './dataset';
export { evaluateNsmc, type NsmcEvalOptions, type NsmcEvalResult } from './evaluate';
export { loadModel, readModelManifest, type ModelManifest } from './model-store';
export { nsmcParameters, parseNsmcEvalParams, parseNsmcTrainParams, type NsmcEvalConfig, type NsmcTrainConfig } from './params';
export { trainNsmc } from './train-in-worker';
export { trainNsmcInProcess, type NsmcTrainHooks, type NsmcTrainOptions, type NsmcTrainOutcome } from './train-nsmc';

/** Data files of a worker: operator configuration, never taken from trial parameters. */
export interface NsmcTrainerConfig {
  trainPath: string;
  testPath: string;
}

/**
 * The NSMC sentiment trainer: hashed character n-gram embedding bag trained with AdamW under HF Trainer
 * semantics (in a worker thread, resuming from checkpoints in its checkpoint directory), then scored with
 * onnxruntime on the test file, labels sampled with temperature and top_p. Training depends only on
 * train-stage parameters, so trials that differ in temperature or top_p share one model.
 */
export function createNsmcTrainer(config: NsmcTrainerConfig): Trainer {
  const stages: TrainerStages = {
    train: (ctx, modelDir) => trainStage(config, ctx, modelDir),
    evaluate: (ctx, modelDir, trained) => evaluateStage(config, ctx, modelDir, trained),
  };
  return {
    name: 'nsmc',
    description:
      'NSMC (Korean movie reviews) sentiment: hashed character n-gram embedding bag + AdamW with HuggingFace Trainer semantics, evaluated with onnxruntime by sampling the label distribution.',
    parameters: nsmcParameters,
    acceptsExtraParameters: false,
    staged: true,
    metrics: ['eval_accuracy', 'eval_loss', 'greedy_accuracy', 'train_loss'],
    stages,
    run: async (ctx) => {
      const modelDir = path.join(ctx.workDir, 'model');
      const trained = await stages.train(ctx, modelDir);
      return trained.status === 'succeeded' ? stages.evaluate(ctx, modelDir, trained.metrics) : trained;
    },
  };
}

/** Trains on the shipped 10k-review slice and evaluates on the 5k test slice. */
export const nsmcTrainer: Trainer = createNsmcTrainer({ trainPath: nsmcDataFiles.sliceTrain, testPath: nsmcDataFiles.sliceTest });

async function trainStage(config: NsmcTrainerConfig, ctx: TrialContext, modelDir: string): Promise<TrainOutcome> {
  // checked here so that a bad value fails the trial at once instead of erroring in the worker thread
  try {
    parseNsmcTrainParams(ctx.params);
  } catch (error) {
    return { status: 'failed', metrics: {}, error: (error as Error).message };
  }
  const trained = await trainNsmc(
    { params: ctx.params, seed: ctx.seed, trainPath: config.trainPath, modelDir, checkpointDir: checkpointDirOf(ctx.workDir) },
    { signal: ctx.signal, onProgress: (report) => ctx.report(report) },
  );
  const trainLoss: Record<string, number> = {
    ...(trained.metrics.train_steps > 0 ? { train_loss: trained.metrics.train_loss } : {}),
    resumed_from_epoch: trained.metrics.resumed_from_epoch,
  };
  if (trained.status === 'diverged') return { status: 'diverged', metrics: trainLoss, error: trained.reason };
  return { status: 'succeeded', metrics: trainLoss };
}

async function evaluateStage(config: NsmcTrainerConfig, ctx: TrialContext, modelDir: string, trained: Record<string, number>): Promise<TrialOutcome> {
  const sampling: NsmcEvalConfig = parseNsmcEvalParams(ctx.params);
  ctx.signal.throwIfAborted();
  const evaluated = await evaluateNsmc(modelDir, { ...sampling, seed: ctx.evaluationSeed, testPath: config.testPath });
  // which onnxruntime provider ran the evaluation, as a number like every metric: a GPU host that fell back
  // to the CPU shows up in the trial, not only in the worker's log
  const evalOnGpu = evaluated.provider === 'cuda' ? 1 : 0;
  return { status: 'succeeded', metrics: { ...evaluated.metrics, eval_on_gpu: evalOnGpu, ...trained } };
}
