import type { Point } from '../encoding';
import type { GaussianProcess, Latent } from './gp';
import { cholesky, solveLower, type Cholesky } from './linalg';
import { logExpectedImprovement } from './log-ei';

/**
 * log expected improvement of a point given trials whose outcomes are not known yet (pending trials, earlier
 * picks of the same batch), by the Kriging believer (Ginsbourger et al. 2010): each such point is believed to
 * come out at its posterior mean. That leaves the posterior mean where it is, lowers the incumbent to the best
 * believed outcome, and conditions the variance on those points — so next to a pending point there is nothing
 * left to gain, and a batch spreads out by itself.
 */
export class KrigingBelieverEI {
  private readonly pending: Latent[];
  /** Cholesky factor of the posterior covariance among the pending points. */
  private readonly pendingFactor: Cholesky | undefined;
  private readonly threshold: number;

  constructor(private readonly model: GaussianProcess, pending: readonly Point[], incumbent: number) {
    this.pending = pending.map((p) => model.latent(p));
    const m = this.pending.length;
    const covariance = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) covariance[i * m + j] = covariance[j * m + i] = model.covariance(this.pending[i]!, this.pending[j]!);
    this.pendingFactor = m > 0 ? cholesky(covariance, m) : undefined;
    this.threshold = Math.min(incumbent, ...this.pending.map((p) => p.mean));
  }

  logValue(point: Point): number {
    const candidate = this.model.latent(point);
    let variance = candidate.variance;
    if (this.pendingFactor) {
      // Var(f(x) | f(pending)) = v − cᵀC⁻¹c with c = Cov(f(x), f(pending)), C = Cov(f(pending)).
      const a = solveLower(this.pendingFactor, Float64Array.from(this.pending, (p) => this.model.covariance(candidate, p)));
      for (let k = 0; k < a.length; k++) variance -= a[k]! * a[k]!;
      variance = Math.max(1e-12 * candidate.variance, variance);
    }
    return logExpectedImprovement(candidate.mean, variance, this.threshold);
  }
}
