/** An objective value with its gradient. */
export interface Evaluation {
  value: number;
  gradient?: Float64Array;
}

export interface MinimizeOptions {
  /** Budget in objective evaluations (each includes the gradient). */
  readonly maxEvaluations: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly memory?: number;
}

export interface Minimum {
  readonly x: Float64Array;
  readonly value: number;
}

const armijo = 1e-4;
const gradientTolerance = 1e-5;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** L-BFGS two-loop recursion: an approximation of −H⁻¹g from the last (s, y) pairs. */
function direction(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient, (g) => -g);
  const alphas: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const a = dot(steps[i]!, q) / dot(changes[i]!, steps[i]!);
    alphas[i] = a;
    for (let k = 0; k < q.length; k++) q[k] = q[k]! - a * changes[i]![k]!;
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const gamma = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
    for (let k = 0; k < q.length; k++) q[k] = q[k]! * gamma;
  }
  for (let i = 0; i < steps.length; i++) {
    const b = dot(changes[i]!, q) / dot(changes[i]!, steps[i]!);
    for (let k = 0; k < q.length; k++) q[k] = q[k]! + steps[i]![k]! * (alphas[i]! - b);
  }
  return q;
}

/**
 * Box-constrained L-BFGS by projection: quasi-Newton steps clipped to [lower, upper] with an Armijo backtracking
 * line search. Coordinates pinned at a bound with the gradient pushing outwards drop out of the step.
 * `f` returns undefined where it cannot be evaluated (treated as +∞).
 */
export function minimize(f: (x: Float64Array) => Evaluation | undefined, start: Float64Array, options: MinimizeOptions): Minimum | undefined {
  const { lower, upper, maxEvaluations, memory = 6 } = options;
  const clamp = (x: Float64Array) => x.map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)));
  let x: Float64Array = clamp(start);
  let current = f(x);
  let evaluations = 1;
  if (!current?.gradient) return undefined;
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  while (evaluations < maxEvaluations) {
    const g = current.gradient!;
    const free = g.map((gi, i) => ((x[i]! <= lower[i]! && gi > 0) || (x[i]! >= upper[i]! && gi < 0) ? 0 : gi));
    if (Math.max(...free.map(Math.abs)) < gradientTolerance) break;
    let p = direction(free, steps, changes).map((pi, i) => (free[i] === 0 ? 0 : pi));
    if (dot(p, free) >= 0) {
      steps.length = 0;
      changes.length = 0;
      p = free.map((gi) => -gi);
    }
    let t = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(free, free))) : 1;
    let accepted: { x: Float64Array; evaluation: Evaluation } | undefined;
    while (evaluations < maxEvaluations && t > 1e-10) {
      const candidate = clamp(x.map((xi, i) => xi + t * p[i]!));
      const evaluation = f(candidate);
      evaluations++;
      const moved = candidate.map((c, i) => c - x[i]!);
      if (evaluation?.gradient && evaluation.value <= current.value + armijo * dot(free, moved)) {
        accepted = { x: candidate, evaluation };
        break;
      }
      t *= 0.3;
    }
    if (!accepted) break;
    const s = accepted.x.map((v, i) => v - x[i]!);
    const y = accepted.evaluation.gradient!.map((v, i) => v - g[i]!);
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
      }
    }
    const improvement = current.value - accepted.evaluation.value;
    x = accepted.x;
    current = accepted.evaluation;
    if (improvement < 1e-9 * Math.max(1, Math.abs(current.value))) break;
  }
  return { x, value: current.value };
}
