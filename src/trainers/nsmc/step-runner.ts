import { backpropExample, type BackpropScratch, clearGradients, createBackpropScratch, createGradients, type Gradients } from './backprop';
import { type Activations, createActivations, forward, type ModelWeights } from './model';
import type { TrainingData } from './features';

/** Forward and backward passes of one optimiser step, with the buffers they reuse. */
export class StepRunner {
  readonly grads: Gradients;
  private readonly act: Activations;
  private readonly scratch: BackpropScratch;

  constructor(
    private readonly weights: ModelWeights,
    private readonly data: TrainingData,
    private readonly batchSize: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.grads = createGradients(weights);
    this.act = createActivations(weights.shape);
    this.scratch = createBackpropScratch(weights);
  }

  /**
   * Accumulates the gradients of micro-batches [firstBatch, endBatch) of `order`, each micro-batch's
   * mean scaled by 1 / (micro-batches), and returns the loss averaged the same way.
   */
  accumulate(order: Int32Array, firstBatch: number, endBatch: number): number {
    const { ids, offsets, count } = this.data.features;
    const accumulated = endBatch - firstBatch;
    clearGradients(this.grads);
    let stepLoss = 0;
    for (let batch = firstBatch; batch < endBatch; batch++) {
      this.signal?.throwIfAborted();
      const start = batch * this.batchSize;
      const end = Math.min(start + this.batchSize, count);
      const scale = 1 / ((end - start) * accumulated);
      let batchLoss = 0;
      for (let k = start; k < end; k++) {
        const review = order[k] as number;
        const from = offsets[review] as number;
        const to = offsets[review + 1] as number;
        forward(this.weights, ids, from, to, this.act);
        batchLoss += backpropExample(this.weights, this.act, ids, from, to, this.data.labels[review] as number, scale, this.grads, this.scratch);
      }
      stepLoss += batchLoss / (end - start);
    }
    return stepLoss / accumulated;
  }
}
