/** Standard normal helpers that stay accurate in the far tails, where log-space acquisition values live. */

const chebyshev = [1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

/**
 * Scaled complementary error function erfcx(x) = e^(x²)·erfc(x), relative error below 1.2e-7
 * (the Chebyshev fit of Numerical Recipes §6.2, which is erfcx times e^(−x²) to begin with).
 */
export function erfcx(x: number): number {
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  const t = 1 / (1 + 0.5 * x);
  let poly = 0;
  for (let i = chebyshev.length - 1; i >= 0; i--) poly = chebyshev[i]! + t * poly;
  return t * Math.exp(-1.26551223 + t * poly);
}

/** log Φ(z) without underflow for very negative z. */
export function logNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const logTail = Math.log(0.5 * erfcx(x)) - x * x;
  return z < 0 ? logTail : Math.log1p(-Math.exp(logTail));
}

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

export function normalCdf(z: number): number {
  return Math.exp(logNormalCdf(z));
}
