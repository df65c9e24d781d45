import type { Point } from '../encoding';

const sqrt5 = Math.sqrt(5);

/**
 * Matérn-5/2 correlation at scaled distance r (r² given): (1 + √5 r + 5r²/3) e^(−√5 r).
 */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + sqrt5 * r + (5 / 3) * r2) * Math.exp(-sqrt5 * r);
}

/**
 * −∂ matern52 / ∂(r²): (5/6)(1 + √5 r) e^(−√5 r). The derivative of the kernel with respect to a log length scale
 * is this times 2·Δ²/ℓ², which stays finite at r = 0.
 */
export function matern52Slope(r2: number): number {
  const r = Math.sqrt(r2);
  return (5 / 6) * (1 + sqrt5 * r) * Math.exp(-sqrt5 * r);
}

/**
 * Squared difference of two points along dimension i: (a − b)² for numeric coordinates, 0 or 1 for categorical
 * ones (equal or not). This is the Matérn kernel on an embedding where a categorical's values are the corners
 * of a simplex with unit edges, so the kernel stays positive definite.
 */
export function coordinateGap(a: Point, b: Point, i: number, categorical: boolean): number {
  const d = a[i]! - b[i]!;
  if (categorical) return d === 0 ? 0 : 1;
  return d * d;
}

/** Σ_i gap_i / ℓ_i² with one length scale per dimension (ARD). */
export function scaledDistance(a: Point, b: Point, inverseSquaredLengthscales: Float64Array, categorical: readonly boolean[]): number {
  let r2 = 0;
  for (let i = 0; i < a.length; i++) r2 += coordinateGap(a, b, i, categorical[i]!) * inverseSquaredLengthscales[i]!;
  return r2;
}
