import type { Point } from '../encoding';
import type { Rng } from '../../util/rng';
import { fromTheta, priorOf, type Hyperparameters } from './hyperparameters';
import { minimize } from './lbfgs';
import { NegativeLogPosterior } from './likelihood';

/** How hard to search for hyperparameters: random θ scored without gradients, the best few refined by L-BFGS. */
export interface FitEffort {
  readonly candidates: number;
  readonly starts: number;
  readonly evaluationsPerStart: number;
}

/**
 * At most this many points take part in the hyperparameter fit (a random subset beyond that): one likelihood
 * evaluation costs O(n³), while the hyperparameters hardly move once there are this many points.
 * The posterior still conditions on every point.
 */
export const fitSubsetLimit = 100;

/** Fewer restarts as n grows (n at most fitSubsetLimit). */
export function fitEffort(n: number): FitEffort {
  if (n <= 40) return { candidates: 16, starts: 3, evaluationsPerStart: 60 };
  return { candidates: 8, starts: n <= 60 ? 2 : 1, evaluationsPerStart: 40 };
}

/** Indices 0..n-1, or `limit` of them drawn without replacement, ascending. */
function randomSubset(n: number, limit: number, rng: Rng): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  if (n <= limit) return indices;
  for (let i = 0; i < limit; i++) {
    const j = i + rng.int(n - i);
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices.slice(0, limit).sort((a, b) => a - b);
}

function bounds(d: number): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(d + 2).fill(Math.log(0.01));
  const upper = new Float64Array(d + 2).fill(Math.log(30));
  lower[d] = Math.log(0.01);
  upper[d] = Math.log(100);
  lower[d + 1] = Math.log(1e-9);
  upper[d + 1] = Math.log(2);
  return { lower, upper };
}

/**
 * Maximum a posteriori hyperparameters for standardised outputs y: the prior's centre and random draws from the
 * prior are scored, and the best `starts` of them are refined with L-BFGS on the analytic gradient.
 */
export function fitHyperparameters(
  points: readonly Point[],
  y: Float64Array,
  categorical: readonly boolean[],
  rng: Rng,
  effort?: FitEffort,
): Hyperparameters {
  const d = categorical.length;
  const subset = randomSubset(points.length, fitSubsetLimit, rng);
  const objective = new NegativeLogPosterior(subset.map((i) => points[i]!), Float64Array.from(subset, (i) => y[i]!), categorical);
  const { candidates: candidateCount, starts, evaluationsPerStart } = effort ?? fitEffort(subset.length);
  const prior = priorOf(d);
  const box = bounds(d);
  const clampToBox = (theta: Float64Array) => theta.map((t, i) => Math.min(box.upper[i]!, Math.max(box.lower[i]!, t)));
  const candidates = Array.from({ length: candidateCount }, (_, c) =>
    clampToBox(prior.mean.map((m, i) => (c === 0 ? m : m + prior.sd[i]! * rng.normal()))),
  );
  const scored = candidates
    .map((theta) => ({ theta, value: objective.evaluate(theta, false)?.value ?? Infinity }))
    .sort((a, b) => a.value - b.value);
  let best: { theta: Float64Array; value: number } = scored[0]!;
  for (const start of scored.slice(0, starts)) {
    if (!Number.isFinite(start.value)) break;
    const found = minimize((theta) => objective.evaluate(theta, true), start.theta, { ...box, maxEvaluations: evaluationsPerStart });
    if (found && found.value < best.value) best = { theta: found.x, value: found.value };
  }
  return fromTheta(best.theta);
}
