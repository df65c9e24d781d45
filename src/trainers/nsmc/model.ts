import type { Rng } from '../../util/rng';
import type { EncodedReviews } from './features';

/** The model's output is a distribution over these label words; index = NSMC label. */
export const labelWords = ['부정', '긍정'] as const;
const labelCount = labelWords.length;

export interface ModelShape {
  buckets: number;
  embeddingDim: number;
  /** 0 = no hidden layer: the output layer reads the bag directly. */
  hiddenDim: number;
}

/** Row-major weights; a Linear layer's weight is [out, in] as in PyTorch. */
export interface ModelWeights {
  shape: ModelShape;
  embedding: Float32Array;
  hiddenWeight: Float32Array;
  hiddenBias: Float32Array;
  outputWeight: Float32Array;
  outputBias: Float32Array;
}

export const weightNames = ['embedding', 'hiddenWeight', 'hiddenBias', 'outputWeight', 'outputBias'] as const;
export type WeightName = (typeof weightNames)[number];

export function outputInputDim(shape: ModelShape): number {
  return shape.hiddenDim > 0 ? shape.hiddenDim : shape.embeddingDim;
}

export function weightLengths(shape: ModelShape): Record<WeightName, number> {
  return {
    embedding: shape.buckets * shape.embeddingDim,
    hiddenWeight: shape.hiddenDim * shape.embeddingDim,
    hiddenBias: shape.hiddenDim,
    outputWeight: labelCount * outputInputDim(shape),
    outputBias: labelCount,
  };
}

/**
 * Embedding rows ~ U(±1/dim) (fastText's input init: a bag of rare n-grams starts near zero);
 * linear weights ~ U(±1/√fan_in) (PyTorch's nn.Linear bound); biases 0.
 */
export function initialWeights(shape: ModelShape, rng: Rng): ModelWeights {
  const uniform = (length: number, bound: number) => Float32Array.from({ length }, () => (2 * rng.next() - 1) * bound);
  const lengths = weightLengths(shape);
  return {
    shape,
    embedding: uniform(lengths.embedding, 1 / shape.embeddingDim),
    hiddenWeight: uniform(lengths.hiddenWeight, 1 / Math.sqrt(shape.embeddingDim)),
    hiddenBias: new Float32Array(lengths.hiddenBias),
    outputWeight: uniform(lengths.outputWeight, 1 / Math.sqrt(outputInputDim(shape))),
    outputBias: new Float32Array(lengths.outputBias),
  };
}

/** Intermediate values of one forward pass, reused across examples. */
export interface Activations {
  bag: Float64Array;
  hiddenPre: Float64Array;
  hidden: Float64Array;
  logits: Float64Array;
}

export function createActivations(shape: ModelShape): Activations {
  return {
    bag: new Float64Array(shape.embeddingDim),
    hiddenPre: new Float64Array(shape.hiddenDim),
    hidden: new Float64Array(shape.hiddenDim),
    logits: new Float64Array(labelCount),
  };
}

/** The output layer's input: the hidden activations, or the bag when there is no hidden layer. */
export function outputInput(weights: ModelWeights, act: Activations): Float64Array {
  return weights.shape.hiddenDim > 0 ? act.hidden : act.bag;
}

/** Forward pass for the review whose feature rows are ids[start .. end): bag mean → [Linear → ReLU] → Linear. */
export function forward(weights: ModelWeights, ids: Int32Array, start: number, end: number, act: Activations): void {
  const { embeddingDim: dim, hiddenDim } = weights.shape;
  const { embedding } = weights;
  const { bag, hiddenPre, hidden, logits } = act;
  bag.fill(0);
  for (let f = start; f < end; f++) {
    const row = (ids[f] as number) * dim;
    for (let d = 0; d < dim; d++) bag[d] = (bag[d] as number) + (embedding[row + d] as number);
  }
  const inverseCount = 1 / Math.max(1, end - start);
  for (let d = 0; d < dim; d++) bag[d] = (bag[d] as number) * inverseCount;
  for (let h = 0; h < hiddenDim; h++) {
    let z = weights.hiddenBias[h] as number;
    for (let d = 0; d < dim; d++) z += (weights.hiddenWeight[h * dim + d] as number) * (bag[d] as number);
    hiddenPre[h] = z;
    hidden[h] = z > 0 ? z : 0;
  }
  const input = outputInput(weights, act);
  for (let c = 0; c < labelCount; c++) {
    let z = weights.outputBias[c] as number;
    for (let i = 0; i < input.length; i++) z += (weights.outputWeight[c * input.length + i] as number) * (input[i] as number);
    logits[c] = z;
  }
}

/** Softmax of the logits into `out` (length = label count); returns log Σ exp(logits). */
export function softmax(logits: Float64Array, out: Float64Array | Float32Array, outAt = 0): number {
  const max = Math.max(...logits);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += Math.exp((logits[c] as number) - max);
  for (let c = 0; c < logits.length; c++) out[outAt + c] = Math.exp((logits[c] as number) - max) / sum;
  return max + Math.log(sum);
}

/** Label probabilities, [review, label] row-major, computed in TypeScript (the reference for the ONNX graph). */
export function predictProbabilities(weights: ModelWeights, reviews: EncodedReviews): Float32Array {
  const act = createActivations(weights.shape);
  const probabilities = new Float32Array(reviews.count * labelCount);
  for (let i = 0; i < reviews.count; i++) {
    forward(weights, reviews.ids, reviews.offsets[i] as number, reviews.offsets[i + 1] as number, act);
    softmax(act.logits, probabilities, i * labelCount);
  }
  return probabilities;
}
