import type { Point, SpaceEncoding } from '../encoding';
import type { Rng } from '../../util/rng';
import type { TakenPoints } from '../taken-points';
import { minimize } from './lbfgs';

export interface SearchEffort {
  /** Uniformly random valid points scored first. */
  readonly randomCandidates: number;
  /** Perturbations scored around each anchor (the best observed points). */
  readonly perAnchor: number;
  /** Best candidates that are refined by local search. */
  readonly starts: number;
  readonly localSteps: number;
  /** Gradient evaluations (each d + 1 acquisition values) of the final L-BFGS polish. */
  readonly polishEvaluations: number;
}

/** Each score costs O(n²) for n observations: past 100 of them, fewer random candidates keep the latency flat. */
export function searchEffort(observed: number): SearchEffort {
  const randomCandidates = Math.max(128, Math.round((512 * 100) / Math.max(100, observed)));
  return { randomCandidates, perAnchor: 32, starts: 4, localSteps: 60, polishEvaluations: 15 };
}

const anchorScales = [0.01, 0.05, 0.2];

/**
 * A valid neighbour of a point: a random subset of about two coordinates moves, numeric ones by N(0, scale²)
 * in the unit cube and categorical ones to another value; the result is snapped onto allowed values.
 */
function neighbour(space: SpaceEncoding, point: Point, scale: number, rng: Rng): Point {
  const next = Float64Array.from(point);
  const share = Math.min(1, 2 / space.size);
  const forced = rng.int(space.size);
  for (let i = 0; i < space.size; i++) {
    if (i !== forced && rng.next() >= share) continue;
    const categories = space.categories[i]!;
    if (categories > 1) next[i] = (point[i]! + 1 + rng.int(categories - 1)) % categories;
    else if (categories === 0) next[i] = point[i]! + scale * rng.normal();
  }
  return space.snap(next);
}

interface Scored {
  point: Point;
  value: number;
}

/** (1+1) evolution strategy with a success-based step size: doubles after a gain, shrinks after a miss. */
function refine(space: SpaceEncoding, start: Scored, acquisition: (p: Point) => number, taken: TakenPoints, steps: number, rng: Rng): Scored {
  let best = start;
  let scale = 0.05;
  for (let step = 0; step < steps && scale > 1e-6; step++) {
    const point = neighbour(space, best.point, scale, rng);
    const value = taken.has(point) ? -Infinity : acquisition(point);
    if (value > best.value) {
      best = { point, value };
      scale = Math.min(0.5, scale * 2);
    } else {
      scale *= 0.6;
    }
  }
  return best;
}

const differenceStep = 1e-6;

/**
 * Polishes the continuous coordinates of a point (floats without a list of values) by L-BFGS on forward
 * finite differences, the discrete ones held fixed.
 */
function polish(space: SpaceEncoding, start: Scored, acquisition: (p: Point) => number, taken: TakenPoints, evaluations: number): Scored {
  const continuous = space.dimensions.flatMap((d, i) => (d.type === 'float' && !d.values ? [i] : []));
  if (continuous.length === 0 || evaluations === 0) return start;
  const at = (x: Float64Array) => {
    const point = Float64Array.from(start.point);
    continuous.forEach((i, k) => (point[i] = x[k]!));
    return point;
  };
  const negative = (x: Float64Array) => {
    const value = -acquisition(at(x));
    if (!Number.isFinite(value)) return undefined;
    const gradient = x.map((xk, k) => {
      const step = xk + differenceStep <= 1 ? differenceStep : -differenceStep;
      const moved = Float64Array.from(x);
      moved[k] = xk + step;
      return (-acquisition(at(moved)) - value) / step;
    });
    return gradient.every(Number.isFinite) ? { value, gradient } : undefined;
  };
  const found = minimize(negative, Float64Array.from(continuous, (i) => start.point[i]!), {
    lower: new Float64Array(continuous.length),
    upper: new Float64Array(continuous.length).fill(1),
    maxEvaluations: evaluations,
  });
  if (!found || -found.value <= start.value) return start;
  const point = at(found.x);
  return taken.has(point) ? start : { point, value: -found.value };
}

/**
 * Maximises an acquisition function over the valid points of the space that are not taken: scores random points
 * and perturbations of the anchors, then refines the best few by local search. Undefined when every candidate
 * met was taken or ruled out (an acquisition of −∞).
 */
export function maximizeAcquisition(
  space: SpaceEncoding,
  acquisition: (p: Point) => number,
  anchors: readonly Point[],
  taken: TakenPoints,
  rng: Rng,
  effort: SearchEffort,
): Point | undefined {
  const candidates: Point[] = Array.from({ length: effort.randomCandidates }, () => space.randomPoint(rng));
  for (const anchor of anchors) {
    for (let i = 0; i < effort.perAnchor; i++) candidates.push(neighbour(space, anchor, anchorScales[i % anchorScales.length]!, rng));
  }
  const scored = candidates
    .filter((point) => !taken.has(point))
    .map((point) => ({ point, value: acquisition(point) }))
    .filter((c) => !Number.isNaN(c.value))
    .sort((a, b) => (a.value === b.value ? 0 : a.value < b.value ? 1 : -1));
  let best: Scored | undefined;
  for (const start of scored.slice(0, effort.starts)) {
    const refined = polish(space, refine(space, start, acquisition, taken, effort.localSteps, rng), acquisition, taken, effort.polishEvaluations);
    if (!best || refined.value > best.value) best = refined;
  }
  return best && best.value > -Infinity ? best.point : undefined;
}
