import type { Point } from '../encoding';
import type { Rng } from '../../util/rng';
import { fitHyperparameters, type FitEffort } from './fit';
import type { Hyperparameters } from './hyperparameters';
import { matern52, scaledDistance } from './kernel';
import { constantMean } from './likelihood';
import { cholesky, solveLower, type Cholesky } from './linalg';

/** The posterior of the latent function at one point, in the original output units. */
export interface Latent {
  readonly point: Point;
  readonly mean: number;
  readonly variance: number;
  /** L⁻¹k(X, point): what the posterior covariance with another point needs. */
  readonly whitened: Float64Array;
}

interface Standardisation {
  readonly offset: number;
  readonly scale: number;
}

function standardisation(values: readonly number[]): Standardisation {
  const offset = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - offset) ** 2, 0) / values.length;
  return { offset, scale: variance > 1e-24 ? Math.sqrt(variance) : 1 };
}

/** A Gaussian process with a Matérn-5/2 ARD kernel and a constant mean (see constantMean) on standardised outputs. */
export class GaussianProcess {
  private readonly inverseSquared: Float64Array;
  private readonly alpha: Float64Array;
  private readonly priorMean: number;

  private constructor(
    readonly hyperparameters: Hyperparameters,
    private readonly categorical: readonly boolean[],
    private readonly observed: readonly Point[],
    private readonly y: Float64Array,
    private readonly output: Standardisation,
    private readonly factor: Cholesky,
  ) {
    this.inverseSquared = hyperparameters.lengthscales.map((l) => 1 / (l * l));
    ({ mean: this.priorMean, alpha: this.alpha } = constantMean(factor, y));
  }

  /** Fits hyperparameters to (points, values) and conditions on them; undefined if the kernel matrix is hopeless. */
  static fit(points: readonly Point[], values: readonly number[], categorical: readonly boolean[], rng: Rng, effort?: FitEffort): GaussianProcess | undefined {
    const output = standardisation(values);
    const y = Float64Array.from(values, (v) => (v - output.offset) / output.scale);
    const hyperparameters = fitHyperparameters(points, y, categorical, rng, effort);
    const n = points.length;
    const { signalVariance, noiseVariance, lengthscales } = hyperparameters;
    const inverseSquared = lengthscales.map((l) => 1 / (l * l));
    const covariance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      covariance[i * n + i] = signalVariance + noiseVariance;
      for (let j = 0; j < i; j++) {
        const k = signalVariance * matern52(scaledDistance(points[i]!, points[j]!, inverseSquared, categorical));
        covariance[i * n + j] = k;
        covariance[j * n + i] = k;
      }
    }
    const factor = cholesky(covariance, n);
    return factor && new GaussianProcess(hyperparameters, categorical, points, y, output, factor);
  }

  latent(point: Point): Latent {
    const k = Float64Array.from(this.observed, (p) => this.kernel(point, p));
    let mean = this.priorMean;
    for (let i = 0; i < k.length; i++) mean += k[i]! * this.alpha[i]!;
    const whitened = solveLower(this.factor, k);
    let explained = 0;
    for (let i = 0; i < whitened.length; i++) explained += whitened[i]! * whitened[i]!;
    const variance = Math.max(1e-12, this.hyperparameters.signalVariance - explained);
    return { point, mean: this.output.offset + this.output.scale * mean, variance: variance * this.output.scale ** 2, whitened };
  }

  /** Posterior covariance of the latent function between two points. */
  covariance(a: Latent, b: Latent): number {
    let explained = 0;
    for (let i = 0; i < a.whitened.length; i++) explained += a.whitened[i]! * b.whitened[i]!;
    return (this.kernel(a.point, b.point) - explained) * this.output.scale ** 2;
  }

  /** Observation noise variance in the original units. */
  noiseVariance(): number {
    return this.hyperparameters.noiseVariance * this.output.scale ** 2;
  }

  /** Posterior mean of the latent function at each observed point, y − (σ_n² + jitter)·α, in the original units. */
  fittedMeans(): number[] {
    const shrink = this.hyperparameters.noiseVariance + this.factor.jitter;
    return Array.from(this.y, (y, i) => this.output.offset + this.output.scale * (y - shrink * this.alpha[i]!));
  }

  private kernel(a: Point, b: Point): number {
    return this.hyperparameters.signalVariance * matern52(scaledDistance(a, b, this.inverseSquared, this.categorical));
  }
}
