import type { AdamWState, StepScalars } from './adamw';

/**
 * Closed form of the AdamW steps an element takes while its gradient is zero (see LazyAdamWTable).
 * From state (p0, m0, v0) after step t0, k zero-gradient steps give m = β1^k·m0, v = β2^k·v0 and
 *
 *   p = D(t0, t0+k) · [ p0 − m0 · S(√v0) ],   S(x) = Σ_{j=1..k} w_j / (b_j·x + ε)
 *   D(a, b) = Π_{s=a+1..b} (1 − lr_s·wd)
 *   w_j = stepSize_{t0+j} · β1^j / D(t0, t0+j),   b_j = β2^(j/2) / √(1 − β2^(t0+j))
 *
 * S depends on the element only through x. When y = ε / (b_k·x) is small (b_j falls with j, so b_k is
 * the smallest), S = (1/x) · Σ_n (−ε/x)^n · P_n with P_n = Σ_j w_j / b_j^(n+1), shared by every element;
 * N terms leave a relative error below y^N: 5 terms for y ≤ 0.01, 10 for y ≤ 0.1, both ≤ 1e-10.
 * Otherwise S is summed term by term. Steps after j = J are dropped: together they move p by less than
 * 2e-10·lr (β1^J with J = 256), far below float32 resolution.
 *
 * Moments that decay below float32's normal range are stored as 0: they could no longer move p by
 * anything float32 can represent, and subnormal floats make every later operation on them very slow.
 */
export const momentWindow = 256;
const seriesTerms = 10;
const shortSeries = { terms: 5, limit: 0.01 };
const longSeries = { terms: 10, limit: 0.1 };
const float32MinNormal = 2 ** -126;

/** w_j, b_j and the running sums P_n over j = 1..span for one t0. */
interface TailTable {
  w: Float64Array;
  b: Float64Array;
  /** cumulative[j·N + n] = Σ_{i ≤ j} w_i / b_i^(n+1) */
  cumulative: Float64Array;
}

export class MomentTails {
  private readonly logDecay: Float64Array;
  private readonly tables = new Map<number, TailTable>();

  constructor(
    private readonly scalars: StepScalars,
    weightDecay: number,
  ) {
    this.logDecay = new Float64Array(scalars.totalSteps + 1);
    for (let t = 1; t <= scalars.totalSteps; t++) {
      this.logDecay[t] = (this.logDecay[t - 1] as number) + Math.log1p(-(scalars.lr[t] as number) * weightDecay);
    }
  }

  /** D(from, to): the product of the weight-decay factors of steps from+1 .. to. */
  decay(from: number, to: number): number {
    return Math.exp((this.logDecay[to] as number) - (this.logDecay[from] as number));
  }

  /**
   * Applies steps from+1 .. to, all with zero gradient, to the elements [start, end) of a state:
   * the closed form of that many dense AdamW steps.
   */
  skipSteps(state: AdamWState<Float32Array | Float64Array>, start: number, end: number, from: number, to: number): void {
    const k = to - from;
    const { beta1, beta2, eps } = this.scalars.hyper;
    const { params, m, v } = state;
    const decay = this.decay(from, to);
    const mScale = beta1 ** k;
    const vScale = beta2 ** k;
    let table: TailTable | undefined;
    let last = 0;
    let shortFrom = 0;
    let longFrom = 0;
    let at = 0;
    for (let e = start; e < end; e++) {
      const m0 = m[e] as number;
      const v0 = v[e] as number;
      let momentum = 0;
      if (m0 !== 0) {
        if (!table) {
          table = this.table(from);
          last = Math.min(k, table.w.length - 1);
          shortFrom = eps / (shortSeries.limit * (table.b[last] as number));
          longFrom = eps / (longSeries.limit * (table.b[last] as number));
          at = last * seriesTerms;
        }
        const x = Math.sqrt(v0);
        const sum =
          x >= shortFrom
            ? seriesSum(table.cumulative, at, shortSeries.terms, x, eps)
            : x >= longFrom
              ? seriesSum(table.cumulative, at, longSeries.terms, x, eps)
              : directSum(table, last, x, eps);
        momentum = m0 * sum;
      }
      params[e] = decay * ((params[e] as number) - momentum);
      m[e] = flushSubnormal(m0 * mScale);
      v[e] = flushSubnormal(v0 * vScale);
    }
  }

  /** Drops the tables of steps more than a window before `step`; they are rebuilt if asked for again. */
  forgetBefore(step: number): void {
    for (const t0 of this.tables.keys()) if (t0 < step - momentWindow) this.tables.delete(t0);
  }

  private table(t0: number): TailTable {
    const known = this.tables.get(t0);
    if (known) return known;
    const { beta1, beta2 } = this.scalars.hyper;
    const span = Math.min(momentWindow, this.scalars.totalSteps - t0);
    const table: TailTable = { w: new Float64Array(span + 1), b: new Float64Array(span + 1), cumulative: new Float64Array((span + 1) * seriesTerms) };
    const sqrtBeta2 = Math.sqrt(beta2);
    let beta1Pow = 1;
    let beta2HalfPow = 1;
    for (let j = 1; j <= span; j++) {
      const t = t0 + j;
      beta1Pow *= beta1;
      beta2HalfPow *= sqrtBeta2;
      const w = ((this.scalars.stepSize[t] as number) * beta1Pow) / this.decay(t0, t);
      const b = beta2HalfPow / (this.scalars.bc2Sqrt[t] as number);
      table.w[j] = w;
      table.b[j] = b;
      let term = w / b;
      for (let n = 0; n < seriesTerms; n++) {
        table.cumulative[j * seriesTerms + n] = (table.cumulative[(j - 1) * seriesTerms + n] as number) + term;
        term /= b;
      }
    }
    this.tables.set(t0, table);
    return table;
  }
}

/** (1/x) · Σ_{n < terms} (−ε/x)^n · P_n, with P_n = cumulative[at + n]. */
function seriesSum(cumulative: Float64Array, at: number, terms: number, x: number, eps: number): number {
  const inverse = 1 / x;
  const z = -eps * inverse;
  let poly = cumulative[at + terms - 1] as number;
  for (let n = terms - 2; n >= 0; n--) poly = poly * z + (cumulative[at + n] as number);
  return poly * inverse;
}

function flushSubnormal(value: number): number {
  return Math.abs(value) < float32MinNormal ? 0 : value;
}

function directSum(table: TailTable, last: number, x: number, eps: number): number {
  let sum = 0;
  for (let j = 1; j <= last; j++) sum += (table.w[j] as number) / ((table.b[j] as number) * x + eps);
  return sum;
}
