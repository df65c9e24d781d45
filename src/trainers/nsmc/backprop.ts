import { type Activations, type ModelWeights, outputInput, softmax, weightLengths } from './model';

/** Gradient of the embedding table for the rows one optimiser step touched, in first-touch order. */
export class SparseRowGradients {
  rows = new Int32Array(1024);
  values: Float64Array;
  count = 0;
  private readonly slotOfRow: Int32Array;

  constructor(
    buckets: number,
    readonly dim: number,
  ) {
    this.slotOfRow = new Int32Array(buckets).fill(-1);
    this.values = new Float64Array(this.rows.length * dim);
  }

  /** Offset of `row` in values, adding the row on first touch. */
  slot(row: number): number {
    let slot = this.slotOfRow[row] as number;
    if (slot < 0) {
      if (this.count === this.rows.length) this.grow();
      slot = this.count++;
      this.slotOfRow[row] = slot;
      this.rows[slot] = row;
    }
    return slot * this.dim;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.slotOfRow[this.rows[i] as number] = -1;
    this.values.fill(0, 0, this.count * this.dim);
    this.count = 0;
  }

  private grow(): void {
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    const values = new Float64Array(rows.length * this.dim);
    values.set(this.values);
    this.rows = rows;
    this.values = values;
  }
}

/** Gradients of one optimiser step: sparse for the embedding, dense for the layers. */
export interface Gradients {
  embedding: SparseRowGradients;
  hiddenWeight: Float64Array;
  hiddenBias: Float64Array;
  outputWeight: Float64Array;
  outputBias: Float64Array;
}

export function createGradients(weights: ModelWeights): Gradients {
  const lengths = weightLengths(weights.shape);
  return {
    embedding: new SparseRowGradients(weights.shape.buckets, weights.shape.embeddingDim),
    hiddenWeight: new Float64Array(lengths.hiddenWeight),
    hiddenBias: new Float64Array(lengths.hiddenBias),
    outputWeight: new Float64Array(lengths.outputWeight),
    outputBias: new Float64Array(lengths.outputBias),
  };
}

export function clearGradients(grads: Gradients): void {
  grads.embedding.clear();
  grads.hiddenWeight.fill(0);
  grads.hiddenBias.fill(0);
  grads.outputWeight.fill(0);
  grads.outputBias.fill(0);
}

/** Scratch for backprop, sized once per model. */
export interface BackpropScratch {
  probabilities: Float64Array;
  dLogits: Float64Array;
  dInput: Float64Array;
  dBag: Float64Array;
}

export function createBackpropScratch(weights: ModelWeights): BackpropScratch {
  const { embeddingDim, hiddenDim } = weights.shape;
  const labels = weights.outputBias.length;
  return {
    probabilities: new Float64Array(labels),
    dLogits: new Float64Array(labels),
    dInput: new Float64Array(hiddenDim > 0 ? hiddenDim : embeddingDim),
    dBag: new Float64Array(embeddingDim),
  };
}

/**
 * Adds scale · ∂(cross-entropy)/∂weights of one example (after `forward` filled act) to grads
 * and returns its cross-entropy loss.
 */
export function backpropExample(
  weights: ModelWeights,
  act: Activations,
  ids: Int32Array,
  start: number,
  end: number,
  label: number,
  scale: number,
  grads: Gradients,
  scratch: BackpropScratch,
): number {
  const { embeddingDim: dim, hiddenDim } = weights.shape;
  const { probabilities, dLogits, dInput, dBag } = scratch;
  const logSumExp = softmax(act.logits, probabilities);
  const input = outputInput(weights, act);
  const inDim = input.length;
  dInput.fill(0);
  for (let c = 0; c < dLogits.length; c++) {
    const dz = ((probabilities[c] as number) - (c === label ? 1 : 0)) * scale;
    dLogits[c] = dz;
    grads.outputBias[c] = (grads.outputBias[c] as number) + dz;
    for (let i = 0; i < inDim; i++) {
      grads.outputWeight[c * inDim + i] = (grads.outputWeight[c * inDim + i] as number) + dz * (input[i] as number);
      dInput[i] = (dInput[i] as number) + (weights.outputWeight[c * inDim + i] as number) * dz;
    }
  }
  if (hiddenDim > 0) {
    dBag.fill(0);
    for (let h = 0; h < hiddenDim; h++) {
      if (!((act.hiddenPre[h] as number) > 0)) continue;
      const dz = dInput[h] as number;
      grads.hiddenBias[h] = (grads.hiddenBias[h] as number) + dz;
      for (let d = 0; d < dim; d++) {
        grads.hiddenWeight[h * dim + d] = (grads.hiddenWeight[h * dim + d] as number) + dz * (act.bag[d] as number);
        dBag[d] = (dBag[d] as number) + (weights.hiddenWeight[h * dim + d] as number) * dz;
      }
    }
  } else {
    dBag.set(dInput);
  }
  const perFeature = 1 / Math.max(1, end - start);
  const rowGrads = grads.embedding;
  for (let f = start; f < end; f++) {
    const at = rowGrads.slot(ids[f] as number);
    const values = rowGrads.values;
    for (let d = 0; d < dim; d++) values[at + d] = (values[at + d] as number) + (dBag[d] as number) * perFeature;
  }
  return logSumExp - (act.logits[label] as number);
}
