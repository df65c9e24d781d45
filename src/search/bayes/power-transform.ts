/**
 * Yeo-Johnson power transform of the outputs (after standardising them), with λ chosen on a grid by maximum
 * likelihood of normality. Skewed outputs — a few huge losses, or a few deep minima — come out closer to
 * Gaussian, which a stationary GP models much better. The transform is monotone, so the best point stays
 * the best, and expected improvement is measured in the transformed units (as in HEBO, Cowen-Rivers et al. 2022).
 */
const lambdas = Array.from({ length: 61 }, (_, i) => -2 + i * 0.1);

function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-9 ? Math.log1p(y) : ((y + 1) ** lambda - 1) / lambda;
  return Math.abs(lambda - 2) < 1e-9 ? -Math.log1p(-y) : -((1 - y) ** (2 - lambda) - 1) / (2 - lambda);
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length };
}

/** Profile log-likelihood of λ: the transformed values as one Gaussian, plus the log Jacobian. */
function logLikelihood(values: readonly number[], lambda: number): number {
  const { variance } = meanAndVariance(values.map((y) => yeoJohnson(y, lambda)));
  const logJacobian = values.reduce((s, y) => s + Math.sign(y) * Math.log1p(Math.abs(y)), 0);
  return -0.5 * values.length * Math.log(Math.max(variance, 1e-300)) + (lambda - 1) * logJacobian;
}

export function powerTransform(values: readonly number[]): number[] {
  const { mean, variance } = meanAndVariance(values);
  const sd = Math.sqrt(variance);
  const standardised = values.map((v) => (sd > 1e-12 ? (v - mean) / sd : 0));
  let best = { lambda: 1, value: -Infinity };
  for (const lambda of lambdas) {
    const value = logLikelihood(standardised, lambda);
    if (value > best.value) best = { lambda, value };
  }
  return standardised.map((y) => yeoJohnson(y, best.lambda));
}
