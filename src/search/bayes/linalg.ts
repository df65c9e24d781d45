/** A lower-triangular Cholesky factor stored row-major in an n×n array. */
export interface Cholesky {
  readonly n: number;
  readonly lower: Float64Array;
  /** Diagonal jitter that had to be added to make the matrix positive definite. */
  readonly jitter: number;
}

const firstJitter = 1e-9;
const lastJitter = 1e-1;

/** L with L Lᵀ = A + jitter·I (Cholesky–Banachiewicz, reading A's lower triangle); undefined unless positive definite. */
function factorise(matrix: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const lower = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = 0;
    for (let k = 0; k < j; k++) {
      const rowK = k * n;
      let s = 0;
      for (let i = 0; i < k; i++) s += lower[rowK + i]! * lower[rowJ + i]!;
      s = (matrix[rowJ + k]! - s) / lower[rowK + k]!;
      lower[rowJ + k] = s;
      d += s * s;
    }
    d = matrix[rowJ + j]! + jitter - d;
    if (!(d > 0)) return undefined;
    lower[rowJ + j] = Math.sqrt(d);
  }
  return lower;
}

/**
 * Cholesky factor of a symmetric matrix (row-major, n×n), adding jitter = 1e-9·mean(diagonal), then ten times
 * more, until the matrix is positive definite. Returns undefined when even the largest jitter is not enough.
 */
export function cholesky(matrix: Float64Array, n: number): Cholesky | undefined {
  let meanDiagonal = 0;
  for (let i = 0; i < n; i++) meanDiagonal += matrix[i * n + i]! / n;
  for (let jitter = 0; jitter <= lastJitter * meanDiagonal; jitter = jitter === 0 ? firstJitter * meanDiagonal : jitter * 10) {
    const lower = factorise(matrix, n, jitter);
    if (lower?.every(Number.isFinite)) return { n, lower, jitter };
  }
  return undefined;
}

/** Solves L x = b in place (b becomes x). */
export function solveLower({ n, lower }: Cholesky, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= lower[row + k]! * b[k]!;
    b[i] = s / lower[row + i]!;
  }
  return b;
}

/** Solves Lᵀ x = b in place (b becomes x). */
export function solveUpper({ n, lower }: Cholesky, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= lower[k * n + i]! * b[k]!;
    b[i] = s / lower[i * n + i]!;
  }
  return b;
}

/** A⁻¹ b for A = L Lᵀ. */
export function solve(factor: Cholesky, b: Float64Array): Float64Array {
  return solveUpper(factor, solveLower(factor, Float64Array.from(b)));
}

/** log det A = 2 Σ log L_ii. */
export function logDeterminant({ n, lower }: Cholesky): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(lower[i * n + i]!);
  return 2 * sum;
}

/**
 * A⁻¹ (full, row-major) from L. Row j of `columns` is column j of L⁻¹ (forward substitution on e_j), so both
 * the substitution and A⁻¹_ij = Σ_k (L⁻¹)_ki (L⁻¹)_kj run over contiguous memory.
 */
export function inverse({ n, lower }: Cholesky): Float64Array {
  const columns = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const x = columns.subarray(j * n, j * n + n);
    x[j] = 1 / lower[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let k = j; k < i; k++) s -= lower[row + k]! * x[k]!;
      x[i] = s / lower[row + i]!;
    }
  }
  const result = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let j = 0; j <= i; j++) {
      const cj = j * n;
      let s = 0;
      for (let k = i; k < n; k++) s += columns[ci + k]! * columns[cj + k]!;
      result[i * n + j] = s;
      result[j * n + i] = s;
    }
  }
  return result;
}
