import path from 'node:path';
import type { Trainer, TrialContext, TrialOutcome } from '../types';
import { nsmcDataFiles } from './dataset';
import { evaluateNsmc } from './evaluate';
import { type NsmcEvalConfig, nsmcParameters, parseNsmcEvalParams, parseNsmcTrainParams } from './params';
import { trainNsmc } from './train-in-worker';

export { loadNsmc, nsmcDataFiles, parseNsmc, type Review } from './dataset';
export { evaluateNsmc, type NsmcEvalOptions, type NsmcEvalResult } from './evaluate';
export { loadModel, readModelManifest, type ModelManifest } from './model-store';
export { nsmcParameters, parseNsmcEvalParams, parseNsmcTrainParams, type NsmcEvalConfig, type NsmcTrainConfig } from './params';
export { trainNsmc } from './train-in-worker';
export { trainNsmcInProcess, type NsmcTrainHooks, type NsmcTrainOptions, type NsmcTrainResult } from './train-nsmc';

/** Data files of a worker: operator configuration, never taken from trial parameters. */
export interface NsmcTrainerConfig {
  trainPath: string;
  testPath: string;
}

/**
 * The NSMC sentiment trainer: hashed character n-gram embedding bag trained with AdamW under HF Trainer
 * semantics (in a worker thread, resuming from `<workDir>/checkpoints`), saved to `<workDir>/model`,
 * then scored with onnxruntime on the test file, labels sampled with temperature and top_p.
 */
export function createNsmcTrainer(config: NsmcTrainerConfig): Trainer {
  return {
    name: 'nsmc',
    description:
      'NSMC (Korean movie reviews) sentiment: hashed character n-gram embedding bag + AdamW with HuggingFace Trainer semantics, evaluated with onnxruntime by sampling the label distribution.',
    parameters: nsmcParameters,
    acceptsExtraParameters: false,
    metrics: ['eval_accuracy', 'eval_loss', 'greedy_accuracy', 'train_loss'],
    run: (ctx) => runNsmcTrial(config, ctx),
  };
}

/** Trains on the shipped 10k-review slice and evaluates on the 5k test slice. */
export const nsmcTrainer: Trainer = createNsmcTrainer({ trainPath: nsmcDataFiles.sliceTrain, testPath: nsmcDataFiles.sliceTest });

async function runNsmcTrial(config: NsmcTrainerConfig, ctx: TrialContext): Promise<TrialOutcome> {
  let sampling: NsmcEvalConfig;
  try {
    // Checked here so that a bad value fails the trial at once instead of erroring in the worker.
    parseNsmcTrainParams(ctx.params);
    sampling = parseNsmcEvalParams(ctx.params);
  } catch (error) {
    return { status: 'failed', metrics: {}, error: (error as Error).message };
  }
  const modelDir = path.join(ctx.workDir, 'model');
  const trained = await trainNsmc(
    { params: ctx.params, seed: ctx.seed, trainPath: config.trainPath, modelDir, checkpointDir: path.join(ctx.workDir, 'checkpoints') },
    { signal: ctx.signal, onProgress: (report) => ctx.report(report) },
  );
  const trainLoss: Record<string, number> = trained.metrics.train_steps > 0 ? { train_loss: trained.metrics.train_loss } : {};
  if (trained.status === 'diverged') return { status: 'diverged', metrics: trainLoss, error: trained.reason };
  ctx.signal.throwIfAborted();
  const evaluated = await evaluateNsmc(modelDir, { ...sampling, seed: ctx.seed, testPath: config.testPath });
  return { status: 'succeeded', metrics: { ...evaluated.metrics, ...trainLoss } };
}
