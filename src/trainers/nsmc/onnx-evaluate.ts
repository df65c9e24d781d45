import { endianness } from 'node:os';
import * as ort from 'onnxruntime-node';
import { createRng, type Rng } from '../../util/rng';
import type { EncodedReviews } from './features';
import { onnxInputName, onnxOutputNames } from './onnx-export';

export type ExecutionProvider = 'cuda' | 'cpu';

export interface LabelSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
  /** Why CUDA was not used, when it was not. */
  cudaUnavailable?: string;
  /** The id that pads feature_ids rows (the graph's all-zero embedding row). */
  padId: number;
}

/** Label distributions of many reviews, [review, label] row-major. */
export interface LabelPredictions {
  labels: number;
  logits: Float32Array;
  probabilities: Float32Array;
}

export interface SamplingOptions {
  temperature: number;
  top_p: number;
  seed: number;
}

export interface EvalMetrics {
  /** Accuracy of labels sampled from the model distribution with temperature and top_p. */
  eval_accuracy: number;
  /** Mean cross-entropy of the model distribution (independent of sampling). */
  eval_loss: number;
  /** Accuracy of the most probable label. */
  greedy_accuracy: number;
}

/** Temperatures at or below this mean greedy decoding. */
export const greedyTemperature = 1e-6;

let cudaFailure: string | undefined;

/** Opens the model on CUDA when this onnxruntime build and host can, otherwise on the CPU (a failed CUDA attempt is remembered for the process). */
export async function openLabelSession(model: Uint8Array, padId: number): Promise<LabelSession> {
  if (cudaFailure === undefined) {
    // Without the CUDA provider library onnxruntime logs an error before throwing; the fallback is expected.
    const logLevel = ort.env.logLevel;
    ort.env.logLevel = 'fatal';
    try {
      const session = await ort.InferenceSession.create(model, { executionProviders: ['cuda'] });
      return { session, provider: 'cuda', padId };
    } catch (error) {
      cudaFailure = error instanceof Error ? error.message : String(error);
    } finally {
      ort.env.logLevel = logLevel;
    }
  }
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  return { session, provider: 'cpu', cudaUnavailable: cudaFailure, padId };
}

/** Runs the graph over all reviews, `batchSize` at a time, each batch padded to its longest review. */
export async function predictLabels(labelSession: LabelSession, reviews: EncodedReviews, batchSize = 1024): Promise<LabelPredictions> {
  if (endianness() !== 'LE') throw new Error('predictLabels writes int64 ids as little-endian words');
  const { session, padId } = labelSession;
  let labels = 0;
  let logits = new Float32Array(0);
  let probabilities = new Float32Array(0);
  for (let first = 0; first < reviews.count; first += batchSize) {
    const last = Math.min(first + batchSize, reviews.count);
    let slots = 1;
    for (let i = first; i < last; i++) slots = Math.max(slots, (reviews.offsets[i + 1] as number) - (reviews.offsets[i] as number));
    const ids = new BigInt64Array((last - first) * slots);
    // Ids are small and non-negative: write each int64 as its low 32-bit word (first, little-endian).
    const words = new Int32Array(ids.buffer);
    for (let i = first; i < last; i++) {
      const row = (i - first) * slots;
      const from = reviews.offsets[i] as number;
      const count = (reviews.offsets[i + 1] as number) - from;
      for (let s = 0; s < slots; s++) words[2 * (row + s)] = s < count ? (reviews.ids[from + s] as number) : padId;
    }
    const output = await session.run({ [onnxInputName]: new ort.Tensor('int64', ids, [last - first, slots]) });
    const batchLogits = output[onnxOutputNames.logits]?.data as Float32Array;
    const batchProbabilities = output[onnxOutputNames.probabilities]?.data as Float32Array;
    if (first === 0) {
      labels = batchLogits.length / (last - first);
      logits = new Float32Array(reviews.count * labels);
      probabilities = new Float32Array(reviews.count * labels);
    }
    logits.set(batchLogits, first * labels);
    probabilities.set(batchProbabilities, first * labels);
  }
  return { labels, logits, probabilities };
}

function argmax(values: ArrayLike<number>, at: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++) if ((values[at + c] as number) > (values[at + best] as number)) best = c;
  return best;
}

/**
 * Draws a label from the distribution probabilities[at .. at+count) as HF generate() does: temperature
 * first (p^(1/T), renormalised), then nucleus filtering (the most probable labels whose mass before
 * them is < top_p; at least one), then one uniform draw. Temperature ≤ 1e-6 is greedy and draws nothing.
 */
export function sampleLabel(probabilities: ArrayLike<number>, at: number, count: number, options: Omit<SamplingOptions, 'seed'>, rng: Rng): number {
  const best = argmax(probabilities, at, count);
  if (options.temperature <= greedyTemperature) return best;
  const top = probabilities[at + best] as number;
  const weights = Array.from({ length: count }, (_, c) => ((probabilities[at + c] as number) / top) ** (1 / options.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  // Stable sort: ties keep label order, so the first kept label is the greedy one.
  const order = weights.map((_, c) => c).sort((a, b) => (weights[b] as number) - (weights[a] as number));
  const kept: number[] = [];
  let massBefore = 0;
  for (const c of order) {
    if (kept.length > 0 && massBefore >= options.top_p) break;
    kept.push(c);
    massBefore += (weights[c] as number) / total;
  }
  let u = rng.next() * kept.reduce((sum, c) => sum + (weights[c] as number), 0);
  for (const c of kept) {
    u -= weights[c] as number;
    if (u < 0) return c;
  }
  return kept[kept.length - 1] as number;
}

/** Sampled and greedy accuracy and mean cross-entropy against the true labels. */
export function scorePredictions(predictions: LabelPredictions, truth: ArrayLike<number>, options: SamplingOptions): EvalMetrics {
  const { labels, logits, probabilities } = predictions;
  const rng = createRng(options.seed);
  let sampledHits = 0;
  let greedyHits = 0;
  let loss = 0;
  for (let i = 0; i < truth.length; i++) {
    const at = i * labels;
    const label = truth[i] as number;
    if (sampleLabel(probabilities, at, labels, options, rng) === label) sampledHits++;
    if (argmax(probabilities, at, labels) === label) greedyHits++;
    const max = logits[at + argmax(logits, at, labels)] as number;
    let sum = 0;
    for (let c = 0; c < labels; c++) sum += Math.exp((logits[at + c] as number) - max);
    loss += max + Math.log(sum) - (logits[at + label] as number);
  }
  const n = Math.max(1, truth.length);
  return { eval_accuracy: sampledHits / n, eval_loss: loss / n, greedy_accuracy: greedyHits / n };
}

/** Runs the ONNX model over the reviews and scores it. */
export async function evaluateOnnxModel(
  model: Uint8Array,
  padId: number,
  reviews: EncodedReviews,
  truth: ArrayLike<number>,
  options: SamplingOptions,
): Promise<{ metrics: EvalMetrics; provider: ExecutionProvider; cudaUnavailable?: string }> {
  const labelSession = await openLabelSession(model, padId);
  try {
    const predictions = await predictLabels(labelSession, reviews);
    return { metrics: scorePredictions(predictions, truth, options), provider: labelSession.provider, cudaUnavailable: labelSession.cudaUnavailable };
  } finally {
    await labelSession.session.release();
  }
}
