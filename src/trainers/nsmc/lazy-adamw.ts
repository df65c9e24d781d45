import { adamwStep, type AdamWState, type StepScalars } from './adamw';
import { MomentTails, momentWindow } from './moment-tails';

/**
 * An embedding table trained with AdamW where a step only visits the rows that have a gradient.
 * Dense AdamW also moves every other row (weight decay, and momentum while m ≠ 0); a row owes those
 * zero-gradient steps since lastStep[row] and pays them, in closed form (MomentTails), just before
 * its next gradient step or on flush. The result equals dense AdamW up to rounding.
 */
export class LazyAdamWTable<F extends Float32Array | Float64Array = Float32Array> {
  private readonly tails: MomentTails;

  constructor(
    readonly state: AdamWState<F>,
    readonly dim: number,
    private readonly scalars: StepScalars,
    private readonly weightDecay: number,
    /** The step each row's stored state reflects; 0 = initial. */
    readonly lastStep: Int32Array = new Int32Array(state.params.length / dim),
  ) {
    this.tails = new MomentTails(scalars, weightDecay);
  }

  /** Optimiser step `step` for `rows[0..count)`, whose gradients are grads[i·dim .. (i+1)·dim). */
  applyStep(step: number, rows: Int32Array, count: number, grads: Float64Array): void {
    for (let i = 0; i < count; i++) {
      const row = rows[i] as number;
      this.catchUp(row, step - 1);
      adamwStep(this.state, row * this.dim, grads, i * this.dim, this.dim, this.scalars, step, this.weightDecay);
      this.lastStep[row] = step;
    }
    if (step % momentWindow === 0) this.tails.forgetBefore(step);
  }

  /** Brings every row up to `step`, so that the parameters are those of dense AdamW after that step. */
  flush(step: number): void {
    for (let row = 0; row < this.lastStep.length; row++) this.catchUp(row, step);
  }

  private catchUp(row: number, target: number): void {
    const from = this.lastStep[row] as number;
    if (from >= target) return;
    this.tails.skipSteps(this.state, row * this.dim, (row + 1) * this.dim, from, target);
    this.lastStep[row] = target;
  }
}
