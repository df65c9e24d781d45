/**
 * GP hyperparameters and their prior. The optimiser works on an unconstrained vector θ:
 *   θ[i] = log ℓ_i (one length scale per dimension), θ[d] = log σ_f² (signal variance),
 *   θ[d+1] = log(σ_n² − noiseFloor) (noise variance, kept above the floor so the kernel matrix stays well conditioned).
 * Outputs are standardised before fitting, so the priors are in units of the data's standard deviation
 * and of the unit cube.
 */
export interface Hyperparameters {
  readonly lengthscales: Float64Array;
  readonly signalVariance: number;
  readonly noiseVariance: number;
}

export const noiseFloor = 1e-6;

/**
 * Normal priors on θ. Length scales centre on 0.3·√d (longer in more dimensions, as typical distances grow),
 * wide enough (σ = 1 in log space) that data move them easily; the noise prior leans towards small noise.
 */
export function priorOf(dimensionCount: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(dimensionCount + 2).fill(Math.log(0.3 * Math.sqrt(dimensionCount)));
  const sd = new Float64Array(dimensionCount + 2).fill(1);
  mean[dimensionCount] = 0;
  sd[dimensionCount] = 1.5;
  mean[dimensionCount + 1] = Math.log(1e-3);
  sd[dimensionCount + 1] = 3;
  return { mean, sd };
}

export function fromTheta(theta: Float64Array): Hyperparameters {
  const d = theta.length - 2;
  return {
    lengthscales: Float64Array.from(theta.subarray(0, d), Math.exp),
    signalVariance: Math.exp(theta[d]!),
    noiseVariance: noiseFloor + Math.exp(theta[d + 1]!),
  };
}

/** −log prior density of θ (up to a constant) and its gradient, added into `gradient`. */
export function negativeLogPrior(theta: Float64Array, prior: { mean: Float64Array; sd: Float64Array }, gradient?: Float64Array): number {
  let value = 0;
  for (let i = 0; i < theta.length; i++) {
    const z = (theta[i]! - prior.mean[i]!) / prior.sd[i]!;
    value += 0.5 * z * z;
    if (gradient) gradient[i] = gradient[i]! + z / prior.sd[i]!;
  }
  return value;
}
