import type { Rng } from '../../util/rng';
import type { Minimised } from './dominance';

/** Weight of the sum in the augmented Chebyshev function (ParEGO's ρ, Knowles 2006). */
export const chebyshevAugmentation = 0.05;

/** A weight vector drawn uniformly from the simplex of k objectives: normalised standard exponentials. */
export function simplexWeights(k: number, rng: Rng): number[] {
  const draws = Array.from({ length: k }, () => -Math.log(1 - rng.next()));
  const sum = draws.reduce((s, v) => s + v, 0);
  return sum > 0 ? draws.map((v) => v / sum) : draws.map(() => 1 / k);
}

/** The augmented Chebyshev function of normalised minimised values f: max_i(w_i f_i) + ρ·Σ_i w_i f_i (minimise it). */
export function augmentedChebyshev(f: readonly number[], weights: readonly number[], rho = chebyshevAugmentation): number {
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < f.length; i++) {
    const term = weights[i]! * f[i]!;
    if (term > max) max = term;
    sum += term;
  }
  return max + rho * sum;
}

/**
 * Each objective scaled to [0, 1] by its minimum and maximum over the vectors (an objective all of one value
 * maps to 0), the way ParEGO normalises before scalarising.
 */
export function normaliseObjectives(points: readonly Minimised[]): number[][] {
  const k = points[0]?.length ?? 0;
  const low = Array.from({ length: k }, (_, i) => Math.min(...points.map((p) => p[i]!)));
  const high = Array.from({ length: k }, (_, i) => Math.max(...points.map((p) => p[i]!)));
  return points.map((p) => p.map((v, i) => (high[i]! > low[i]! ? (v - low[i]!) / (high[i]! - low[i]!) : 0)));
}

/** ParEGO's scalarisation of minimised vectors for one weight vector: normalised, then augmented Chebyshev. */
export function parEgoScalarise(points: readonly Minimised[], weights: readonly number[]): number[] {
  return normaliseObjectives(points).map((f) => augmentedChebyshev(f, weights));
}
