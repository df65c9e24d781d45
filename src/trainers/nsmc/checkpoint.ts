import type { MonitorState } from './divergence-monitor';
import type { OptimizerState } from './model-optimizer';
import { type ModelShape, type ModelWeights, weightNames } from './model';
import { type BundleArrays, readBundle, writeBundle } from './tensor-bundle';

/** Where training stands at the end of an epoch. Shuffling draws from (seed, epoch), so no RNG state beyond these. */
export interface TrainingProgress {
  /** Identifies the configuration, seed and data; a checkpoint for another one is ignored. */
  fingerprint: string;
  seed: number;
  epochsDone: number;
  stepsDone: number;
  /** Sum of the per-step losses so far (train_loss is their mean). */
  lossSum: number;
  divergence: MonitorState;
}

export interface Checkpoint {
  progress: TrainingProgress;
  weights: ModelWeights;
  optimizer: OptimizerState;
}

const bundleName = 'checkpoint';

export async function saveCheckpoint(dir: string, { progress, weights, optimizer }: Checkpoint): Promise<void> {
  const arrays: BundleArrays = { embeddingLastStep: optimizer.embeddingLastStep };
  for (const name of weightNames) {
    arrays[name] = weights[name];
    arrays[`${name}.m`] = optimizer.moments[name].m;
    arrays[`${name}.v`] = optimizer.moments[name].v;
  }
  await writeBundle(dir, bundleName, { progress, shape: weights.shape }, arrays);
}

/** The checkpoint in dir when it belongs to this fingerprint; undefined when there is none or it does not. */
export async function loadCheckpoint(dir: string, fingerprint: string): Promise<Checkpoint | undefined> {
  const bundle = await readBundle<{ progress: TrainingProgress; shape: ModelShape }>(dir, bundleName);
  if (!bundle || bundle.meta.progress.fingerprint !== fingerprint) return undefined;
  const { arrays } = bundle;
  const float = (name: string) => {
    const array = arrays[name];
    if (!(array instanceof Float32Array)) throw new Error(`checkpoint in ${dir} lacks ${name}`);
    return array;
  };
  const weights = { shape: bundle.meta.shape } as ModelWeights;
  const moments = {} as OptimizerState['moments'];
  for (const name of weightNames) {
    weights[name] = float(name);
    moments[name] = { m: float(`${name}.m`), v: float(`${name}.v`) };
  }
  const lastStep = arrays.embeddingLastStep;
  if (!(lastStep instanceof Int32Array)) throw new Error(`checkpoint in ${dir} lacks embeddingLastStep`);
  return { progress: bundle.meta.progress, weights, optimizer: { moments, embeddingLastStep: lastStep } };
}
