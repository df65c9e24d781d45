import { adamwStep, type AdamWState, type StepScalars } from './adamw';
import type { Gradients } from './backprop';
import { LazyAdamWTable } from './lazy-adamw';
import type { ModelWeights } from './model';

type DenseName = 'hiddenWeight' | 'hiddenBias' | 'outputWeight' | 'outputBias';
const denseNames: readonly DenseName[] = ['hiddenWeight', 'hiddenBias', 'outputWeight', 'outputBias'];
/** As the HF Trainer's parameter groups: biases get no weight decay. */
const decays: Record<DenseName, boolean> = { hiddenWeight: true, hiddenBias: false, outputWeight: true, outputBias: false };

/** Optimiser state that a checkpoint must hold besides the weights. */
export interface OptimizerState {
  moments: Record<'embedding' | DenseName, { m: Float32Array; v: Float32Array }>;
  embeddingLastStep: Int32Array;
}

/** AdamW over the whole model: lazy for the embedding table, dense for the layers. */
export class ModelOptimizer {
  private readonly table: LazyAdamWTable;
  private readonly dense: Record<DenseName, AdamWState>;

  constructor(
    weights: ModelWeights,
    private readonly scalars: StepScalars,
    private readonly weightDecay: number,
    restored?: OptimizerState,
  ) {
    const state = (name: 'embedding' | DenseName): AdamWState => ({
      params: weights[name],
      m: restored?.moments[name].m ?? new Float32Array(weights[name].length),
      v: restored?.moments[name].v ?? new Float32Array(weights[name].length),
    });
    this.table = new LazyAdamWTable(state('embedding'), weights.shape.embeddingDim, scalars, weightDecay, restored?.embeddingLastStep);
    this.dense = { hiddenWeight: state('hiddenWeight'), hiddenBias: state('hiddenBias'), outputWeight: state('outputWeight'), outputBias: state('outputBias') };
  }

  apply(step: number, grads: Gradients): void {
    const rows = grads.embedding;
    this.table.applyStep(step, rows.rows, rows.count, rows.values);
    for (const name of denseNames) {
      const target = this.dense[name];
      adamwStep(target, 0, grads[name], 0, target.params.length, this.scalars, step, decays[name] ? this.weightDecay : 0);
    }
  }

  /** Applies the steps untouched embedding rows still owe, up to `step`. */
  flush(step: number): void {
    this.table.flush(step);
  }

  state(): OptimizerState {
    const moments = (s: AdamWState) => ({ m: s.m, v: s.v });
    return {
      moments: {
        embedding: moments(this.table.state),
        hiddenWeight: moments(this.dense.hiddenWeight),
        hiddenBias: moments(this.dense.hiddenBias),
        outputWeight: moments(this.dense.outputWeight),
        outputBias: moments(this.dense.outputBias),
      },
      embeddingLastStep: this.table.lastStep,
    };
  }
}
