import type { Point } from '../encoding';
import type { Rng } from '../rng';
import type { GaussianProcess, Latent } from './gp';
import { cholesky, solveLower, type Cholesky } from './linalg';
import { logExpectedImprovement } from './log-ei';

/** Joint draws of the pending points' outcomes that the expected improvement is averaged over. */
const fantasyCount = 32;

/**
 * log expected improvement of a point given trials whose outcomes are not known yet (pending trials, earlier
 * picks of the same batch), in the manner of Spearmint (Snoek et al. 2012): outcomes of the pending points are
 * drawn jointly from the posterior (fixed draws, so the function is deterministic and smooth); given a draw, the
 * candidate's value is Gaussian with a shifted mean and reduced variance, and its improvement is measured against
 * the better of the incumbent and the drawn outcomes. The result averages the closed-form EI over the draws.
 * A candidate next to a pending point thus gains little: its value moves with the pending outcome.
 */
export class PendingAwareEI {
  private readonly pending: Latent[];
  private readonly pendingFactor: Cholesky | undefined;
  /** Standard normal draws, one row of length m per fantasy. */
  private readonly draws: Float64Array[];
  /** The threshold each fantasy sets: min(incumbent, drawn pending outcomes). */
  private readonly thresholds: Float64Array;

  constructor(private readonly model: GaussianProcess, pending: readonly Point[], private readonly incumbent: number, rng: Rng) {
    this.pending = pending.map((p) => model.latent(p));
    const m = this.pending.length;
    const covariance = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) covariance[i * m + j] = covariance[j * m + i] = model.covariance(this.pending[i]!, this.pending[j]!);
    this.pendingFactor = m > 0 ? cholesky(covariance, m) : undefined;
    this.draws = Array.from({ length: m > 0 ? fantasyCount : 0 }, () => Float64Array.from({ length: m }, () => rng.normal()));
    this.thresholds = Float64Array.from(this.draws, (z) => {
      let threshold = incumbent;
      for (let i = 0; i < m; i++) {
        let outcome = this.pending[i]!.mean;
        for (let k = 0; k <= i; k++) outcome += this.pendingFactor!.lower[i * m + k]! * z[k]!;
        threshold = Math.min(threshold, outcome);
      }
      return threshold;
    });
  }

  logValue(point: Point): number {
    const candidate = this.model.latent(point);
    if (!this.pendingFactor) return logExpectedImprovement(candidate.mean, candidate.variance, this.incumbent);
    // Cov(candidate, pending) = a·Lᵀ with a = L⁻¹c: given draw z, the candidate is N(mean + a·z, variance − |a|²).
    const a = solveLower(this.pendingFactor, Float64Array.from(this.pending, (p) => this.model.covariance(candidate, p)));
    let explained = 0;
    for (let k = 0; k < a.length; k++) explained += a[k]! * a[k]!;
    const variance = Math.max(1e-12 * candidate.variance, candidate.variance - explained);
    const logs = this.draws.map((z, s) => {
      let shift = 0;
      for (let k = 0; k < a.length; k++) shift += a[k]! * z[k]!;
      return logExpectedImprovement(candidate.mean + shift, variance, this.thresholds[s]!);
    });
    const max = Math.max(...logs);
    return max + Math.log(logs.reduce((sum, l) => sum + Math.exp(l - max), 0) / logs.length);
  }
}
