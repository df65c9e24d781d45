import type { Point } from '../encoding';
import { fromTheta, negativeLogPrior, noiseFloor, priorOf } from './hyperparameters';
import { coordinateGap, matern52, matern52Slope } from './kernel';
import type { Evaluation } from './lbfgs';
import { cholesky, inverse, logDeterminant, solve, type Cholesky } from './linalg';

const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/**
 * Generalised-least-squares constant mean m = 1ᵀK⁻¹y / 1ᵀK⁻¹1 and α = K⁻¹(y − m). Unlike the sample mean this
 * discounts clusters of correlated points, so the many points a search piles up near its best region do not
 * drag the prediction for unexplored regions towards the best values.
 */
export function constantMean(factor: Cholesky, y: Float64Array): { mean: number; alpha: Float64Array } {
  const ones = solve(factor, new Float64Array(y.length).fill(1));
  const weighted = solve(factor, y);
  const mean = weighted.reduce((s, v) => s + v, 0) / ones.reduce((s, v) => s + v, 0);
  return { mean, alpha: weighted.map((w, i) => w - mean * ones[i]!) };
}

/**
 * The negative log posterior of GP hyperparameters θ (see hyperparameters.ts) for fixed training data,
 * with the constant mean profiled out (constantMean) and its analytic gradient:
 * ∂/∂θ_k = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ_k) + prior term, α = K⁻¹(y − m) (m is optimal, so its own change drops out).
 */
export class NegativeLogPosterior {
  readonly dimensionCount: number;
  private readonly n: number;
  /** gap of every pair i < j along every dimension, pair-major. */
  private readonly gaps: Float64Array;
  private readonly prior: ReturnType<typeof priorOf>;

  constructor(points: readonly Point[], private readonly y: Float64Array, categorical: readonly boolean[]) {
    const d = categorical.length;
    this.dimensionCount = d;
    this.n = points.length;
    this.prior = priorOf(d);
    this.gaps = new Float64Array(((this.n * (this.n - 1)) / 2) * d);
    let p = 0;
    for (let i = 0; i < this.n; i++) {
      for (let j = 0; j < i; j++) {
        for (let k = 0; k < d; k++) this.gaps[p++] = coordinateGap(points[i]!, points[j]!, k, categorical[k]!);
      }
    }
  }

  evaluate(theta: Float64Array, withGradient: boolean): Evaluation | undefined {
    const { n, dimensionCount: d, gaps, y } = this;
    const { lengthscales, signalVariance, noiseVariance } = fromTheta(theta);
    const inverseSquared = lengthscales.map((l) => 1 / (l * l));
    const covariance = new Float64Array(n * n);
    const slopes = withGradient ? new Float64Array((n * (n - 1)) / 2) : undefined;
    for (let i = 0, p = 0; i < n; i++) {
      covariance[i * n + i] = signalVariance + noiseVariance;
      for (let j = 0; j < i; j++, p++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += gaps[p * d + k]! * inverseSquared[k]!;
        const value = signalVariance * matern52(r2);
        covariance[i * n + j] = value;
        covariance[j * n + i] = value;
        if (slopes) slopes[p] = signalVariance * matern52Slope(r2);
      }
    }
    const factor = cholesky(covariance, n);
    if (!factor) return undefined;
    const { mean, alpha } = constantMean(factor, y);
    let fit = 0;
    for (let i = 0; i < n; i++) fit += (y[i]! - mean) * alpha[i]!;
    const gradient = slopes ? this.gradient(factor, alpha, covariance, slopes, inverseSquared, signalVariance, noiseVariance) : undefined;
    const value = 0.5 * fit + 0.5 * logDeterminant(factor) + n * halfLogTwoPi + negativeLogPrior(theta, this.prior, gradient);
    return Number.isFinite(value) ? { value, ...(gradient ? { gradient } : {}) } : undefined;
  }

  private gradient(
    factor: Cholesky,
    alpha: Float64Array,
    covariance: Float64Array,
    slopes: Float64Array,
    inverseSquared: Float64Array,
    signalVariance: number,
    noiseVariance: number,
  ): Float64Array {
    const { n, dimensionCount: d, gaps } = this;
    const w = inverse(factor);
    const gradient = new Float64Array(d + 2);
    let signal = 0;
    let trace = 0;
    for (let i = 0, p = 0; i < n; i++) {
      const wii = w[i * n + i]! - alpha[i]! * alpha[i]!;
      trace += wii;
      signal += 0.5 * wii * signalVariance;
      for (let j = 0; j < i; j++, p++) {
        const wij = w[i * n + j]! - alpha[i]! * alpha[j]!;
        signal += wij * covariance[i * n + j]!;
        const weight = 2 * wij * slopes[p]!;
        for (let k = 0; k < d; k++) gradient[k] = gradient[k]! + weight * gaps[p * d + k]! * inverseSquared[k]!;
      }
    }
    gradient[d] = signal;
    gradient[d + 1] = 0.5 * trace * (noiseVariance - noiseFloor);
    return gradient;
  }
}
