import type { Params } from '../../search-spec/space';
import type { ProgressReport } from '../types';
import { loadNsmc } from './dataset';
import { encodeReviews, type FeatureConfig } from './features';
import { readModelManifest, saveModel } from './model-store';
import { parseNsmcTrainParams } from './params';
import { type TrainingHooks, type TrainMetrics, trainingFingerprint, trainModel } from './training';

export interface NsmcTrainOptions {
  /** Trial parameters; eval-stage ones are ignored here. */
  params: Params;
  seed: number;
  /** NSMC-format file (.gz read transparently); worker configuration, never user input. */
  trainPath: string;
  /** Where the trained model is saved (model.json, weights, model.onnx). */
  modelDir: string;
  /** Where per-epoch checkpoints go; training resumes from one that matches. */
  checkpointDir?: string;
}

export interface NsmcTrainHooks {
  signal?: AbortSignal;
  onProgress?: (report: ProgressReport) => void;
}

export type NsmcTrainOutcome =
  | { status: 'succeeded'; metrics: TrainMetrics; /** true when modelDir already held this run's model */ reused: boolean }
  | { status: 'diverged'; reason: string; metrics: TrainMetrics };

/**
 * Trains on this thread and saves the model. When modelDir already holds the model of the same
 * configuration, seed and data, returns its metrics without training again.
 */
export async function trainNsmcInProcess(options: NsmcTrainOptions, hooks: NsmcTrainHooks & Pick<TrainingHooks, 'onCheckpoint'> = {}): Promise<NsmcTrainOutcome> {
  const config = parseNsmcTrainParams(options.params);
  const reviews = await loadNsmc(options.trainPath);
  const features: FeatureConfig = { ngramMax: config.ngram_max, buckets: config.hash_buckets };
  const data = { features: encodeReviews(reviews.map((r) => r.text), features), labels: Uint8Array.from(reviews, (r) => r.label) };
  const fingerprint = trainingFingerprint(data, config, options.seed);
  const existing = await readModelManifest(options.modelDir);
  if (existing?.fingerprint === fingerprint) return { status: 'succeeded', metrics: existing.trainMetrics, reused: true };
  const checkpoint = options.checkpointDir === undefined ? undefined : { dir: options.checkpointDir, fingerprint };
  const result = await trainModel(data, config, options.seed, checkpoint, hooks);
  if (result.status === 'diverged') return { status: 'diverged', reason: result.reason, metrics: result.metrics };
  await saveModel(options.modelDir, result.weights, { features, fingerprint, trainMetrics: result.metrics });
  return { status: 'succeeded', metrics: result.metrics, reused: false };
}
