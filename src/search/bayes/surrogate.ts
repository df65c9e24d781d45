import type { Point, SpaceEncoding } from '../encoding';
import { logNormalCdf } from '../normal';
import { hasObjective } from '../outcome';
import type { Rng } from '../../util/rng';
import type { Goal, Observation } from '../types';
import { boundedSubset } from './bounded-subset';
import { GaussianProcess } from './gp';
import { powerTransform } from './power-transform';
import { KrigingBelieverEI } from './kriging-believer';

const feasibilityEffort = { candidates: 4, starts: 1, evaluationsPerStart: 20 };
/** Anchors for the acquisition search: the observed points with the best fitted means, the incumbent first. */
const anchorCount = 5;

/**
 * What the model learned from the finished trials:
 *  - an objective GP on succeeded trials (minimised internally: maximised goals are negated), fitted to
 *    power-transformed values (see power-transform.ts), in whose units EI and the incumbent are measured;
 *  - when some trials failed or diverged, a feasibility GP regressed on labels +1 (succeeded) / −1 (failed,
 *    diverged), read as P(feasible) = Φ(m / √(v + σ_n²)), a least-squares GP classifier;
 *  - pruned trials are neither; the acquisition treats them like pending ones (visited, outcome unknown).
 */
export class Surrogate {
  private constructor(
    private readonly objective: GaussianProcess,
    private readonly feasibility: GaussianProcess | undefined,
    private readonly incumbent: number,
    readonly anchors: readonly Point[],
  ) {}

  /**
   * Undefined with fewer than two succeeded trials: then nothing can be learned yet. Past modelPointLimit
   * observations each GP conditions on a bounded subset (see bounded-subset.ts): the objective on the best
   * values and an even spread of the rest, the feasibility model on the trials nearest the incumbent and an
   * even spread of the rest.
   */
  static fit(space: SpaceEncoding, goal: Goal, completed: readonly Observation[], rng: Rng): Surrogate | undefined {
    const categorical = space.categories.map((c) => c > 0);
    const succeeded = completed.filter(hasObjective);
    if (succeeded.length < 2) return undefined;
    const transformed = powerTransform(succeeded.map((t) => (goal === 'maximize' ? -t.objective! : t.objective!)));
    const kept = boundedSubset(transformed);
    const points = kept.map((i) => space.encode(succeeded[i]!.params));
    const objective = GaussianProcess.fit(points, kept.map((i) => transformed[i]!), categorical, rng);
    if (!objective) return undefined;

    const fitted = objective.fittedMeans();
    const order = fitted.map((_, i) => i).sort((a, b) => fitted[a]! - fitted[b]!);
    const best = points[order[0]!]!;
    const labelled = completed.filter((t) => t.status !== 'pruned');
    const feasibility = labelled.length > succeeded.length ? Surrogate.fitFeasibility(space, labelled, best, categorical, rng) : undefined;
    return new Surrogate(objective, feasibility, fitted[order[0]!]!, order.slice(0, anchorCount).map((i) => points[i]!));
  }

  private static fitFeasibility(space: SpaceEncoding, labelled: readonly Observation[], best: Point, categorical: readonly boolean[], rng: Rng): GaussianProcess | undefined {
    const encoded = labelled.map((t) => space.encode(t.params));
    const kept = boundedSubset(encoded.map((p) => space.squaredDistance(p, best)));
    const labels = kept.map((i) => (hasObjective(labelled[i]!) ? 1 : -1));
    return GaussianProcess.fit(kept.map((i) => encoded[i]!), labels, categorical, rng, feasibilityEffort);
  }

  /**
   * log EI over the incumbent (the best fitted mean, which is robust to noise), with the `unknown` points
   * (pending, pruned, earlier picks) believed at their posterior mean, plus log P(feasible).
   */
  acquisition(unknown: readonly Point[]): (point: Point) => number {
    const improvement = new KrigingBelieverEI(this.objective, unknown, this.incumbent);
    const feasibility = this.feasibility;
    const noise = feasibility?.noiseVariance() ?? 0;
    return (point) => {
      const logImprovement = improvement.logValue(point);
      if (!feasibility) return logImprovement;
      const label = feasibility.latent(point);
      return logImprovement + logNormalCdf(label.mean / Math.sqrt(label.variance + noise));
    };
  }
}
