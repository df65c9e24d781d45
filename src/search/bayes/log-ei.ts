import { erfcx, normalCdf, normalPdf } from '../normal';

const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);
const halfLogHalfPi = 0.5 * Math.log(Math.PI / 2);
/** Beyond this |z| the asymptotic series is more accurate than cancelling 1 − √(π/2)|z|·erfcx. */
const asymptoticFrom = 30;

/** log(1 − e^a) for a < 0 (Mächler 2012). */
function log1mexp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/**
 * log h(z) with h(z) = φ(z) + zΦ(z), the expected improvement of a unit normal over a threshold z standard
 * deviations above its mean. Follows the LogEI formulation of Ament et al. (2023): for z ≤ −1,
 * h(z) = φ(z)·(1 − √(π/2)·|z|·erfcx(|z|/√2)), and for very negative z, h(z) ≈ φ(z)/z²·(1 − 3/z² + 15/z⁴ − 105/z⁶).
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  const logPdf = -0.5 * z * z - halfLogTwoPi;
  if (z > -asymptoticFrom) return logPdf + log1mexp(Math.log(erfcx(-z / Math.SQRT2) * -z) + halfLogHalfPi);
  const w = 1 / (z * z);
  return logPdf + Math.log(w) + Math.log1p(w * (-3 + w * (15 - 105 * w)));
}

/** log E[max(0, best − f)] for f ~ N(mean, variance): log expected improvement when minimising. */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sd = Math.sqrt(variance);
  return logH((best - mean) / sd) + Math.log(sd);
}
