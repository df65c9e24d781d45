/**
 * AdamW as torch.optim.AdamW (the HuggingFace Trainer default `adamw_torch`), one step for element e:
 *   p ← p·(1 − lr·wd);  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 */
export interface AdamWHyper {
  beta1: number;
  beta2: number;
  eps: number;
}

/** HuggingFace TrainingArguments defaults: adam_beta1, adam_beta2, adam_epsilon. */
export const hfAdamW: AdamWHyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Per-step scalars shared by every parameter, indexed by the 1-based optimiser step (index 0 unused). */
export class StepScalars {
  readonly lr: Float64Array;
  /** lr / (1 − β1^t) */
  readonly stepSize: Float64Array;
  /** √(1 − β2^t) */
  readonly bc2Sqrt: Float64Array;

  constructor(
    readonly hyper: AdamWHyper,
    readonly totalSteps: number,
    learningRateAt: (step: number) => number,
  ) {
    this.lr = new Float64Array(totalSteps + 1);
    this.stepSize = new Float64Array(totalSteps + 1);
    this.bc2Sqrt = new Float64Array(totalSteps + 1);
    for (let t = 1; t <= totalSteps; t++) {
      const lr = learningRateAt(t);
      this.lr[t] = lr;
      this.stepSize[t] = lr / (1 - hyper.beta1 ** t);
      this.bc2Sqrt[t] = Math.sqrt(1 - hyper.beta2 ** t);
    }
  }
}

/** Moments and parameters of one tensor, stored side by side. */
export interface AdamWState<F extends Float32Array | Float64Array = Float32Array> {
  params: F;
  m: F;
  v: F;
}

export function createAdamWState(params: Float32Array): AdamWState {
  return { params, m: new Float32Array(params.length), v: new Float32Array(params.length) };
}

/** One AdamW step on state[at .. at+length) with gradient grad[gradAt .. gradAt+length). */
export function adamwStep(
  state: AdamWState<Float32Array | Float64Array>,
  at: number,
  grad: ArrayLike<number>,
  gradAt: number,
  length: number,
  scalars: StepScalars,
  step: number,
  weightDecay: number,
): void {
  const { beta1, beta2, eps } = scalars.hyper;
  const decay = 1 - (scalars.lr[step] as number) * weightDecay;
  const stepSize = scalars.stepSize[step] as number;
  const bc2Sqrt = scalars.bc2Sqrt[step] as number;
  const { params, m, v } = state;
  for (let i = 0; i < length; i++) {
    const e = at + i;
    const g = grad[gradAt + i] as number;
    const mNew = beta1 * (m[e] as number) + (1 - beta1) * g;
    const vNew = beta2 * (v[e] as number) + (1 - beta2) * g * g;
    m[e] = mNew;
    v[e] = vNew;
    params[e] = (params[e] as number) * decay - (stepSize * mNew) / (Math.sqrt(vNew) / bc2Sqrt + eps);
  }
}
