import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildOnnxModel } from './onnx-export';
import type { FeatureConfig } from './features';
import { labelWords, type ModelShape, type ModelWeights, weightNames } from './model';
import { type BundleArrays, readBundle, readBundleMeta, writeAtomically, writeBundle } from './tensor-bundle';
import type { TrainMetrics } from './training';

/**
 * A trained model directory: `model.json` + its weights file (the TypeScript model) and `model.onnx`
 * (the same model for onnxruntime). The manifest is written last, so its presence means the model is complete.
 */
export interface ModelManifest {
  shape: ModelShape;
  features: FeatureConfig;
  labelWords: readonly string[];
  /** The training run that produced it (see trainingFingerprint). */
  fingerprint: string;
  trainMetrics: TrainMetrics;
}

const bundleName = 'model';
export const onnxFileName = 'model.onnx';

export async function saveModel(dir: string, weights: ModelWeights, manifest: Omit<ModelManifest, 'shape' | 'labelWords'>): Promise<void> {
  const onnx = buildOnnxModel(weights, { ngram_max: String(manifest.features.ngramMax), hash_buckets: String(manifest.features.buckets) });
  await mkdir(dir, { recursive: true });
  await writeAtomically(path.join(dir, onnxFileName), onnx);
  const arrays: BundleArrays = Object.fromEntries(weightNames.map((name) => [name, weights[name]]));
  await writeBundle<ModelManifest>(dir, bundleName, { ...manifest, shape: weights.shape, labelWords }, arrays);
}

export async function loadModel(dir: string): Promise<{ manifest: ModelManifest; weights: ModelWeights } | undefined> {
  const bundle = await readBundle<ModelManifest>(dir, bundleName);
  if (!bundle) return undefined;
  const weights = { shape: bundle.meta.shape } as ModelWeights;
  for (const name of weightNames) {
    const array = bundle.arrays[name];
    if (!(array instanceof Float32Array)) throw new Error(`model in ${dir} lacks ${name}`);
    weights[name] = array;
  }
  return { manifest: bundle.meta, weights };
}

/** Manifest and ONNX bytes: what evaluation needs. */
export async function loadOnnxModel(dir: string): Promise<{ manifest: ModelManifest; onnx: Uint8Array }> {
  const model = await readModelManifest(dir);
  if (!model) throw new Error(`no trained model in ${dir}`);
  return { manifest: model, onnx: await readFile(path.join(dir, onnxFileName)) };
}

export function readModelManifest(dir: string): Promise<ModelManifest | undefined> {
  return readBundleMeta<ModelManifest>(dir, bundleName);
}
