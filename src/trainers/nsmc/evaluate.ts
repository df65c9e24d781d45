import { type EvalMetrics, evaluateOnnxModel, type ExecutionProvider } from './onnx-evaluate';
import { loadNsmc } from './dataset';
import { encodeReviews } from './features';
import { loadOnnxModel } from './model-store';

export interface NsmcEvalOptions {
  temperature: number;
  top_p: number;
  /** Seeds the label sampling. */
  seed: number;
  /** NSMC-format file (.gz read transparently); worker configuration, never user input. */
  testPath: string;
}

export interface NsmcEvalResult {
  metrics: EvalMetrics;
  /** The onnxruntime execution provider that ran the model. */
  provider: ExecutionProvider;
  cudaUnavailable?: string;
}

/** Scores the model saved in modelDir on the test file with onnxruntime, sampling labels as configured. */
export async function evaluateNsmc(modelDir: string, options: NsmcEvalOptions): Promise<NsmcEvalResult> {
  const { manifest, onnx } = await loadOnnxModel(modelDir);
  const reviews = await loadNsmc(options.testPath);
  const features = encodeReviews(reviews.map((r) => r.text), manifest.features);
  const labels = Uint8Array.from(reviews, (r) => r.label);
  return evaluateOnnxModel(onnx, manifest.features.buckets, features, labels, options);
}
