import type { Point, SpaceEncoding } from '../encoding';
import { logNormalCdf, normalCdf } from '../normal';
import { hasObjective, hasObjectiveValue } from '../outcome';
import type { Rng } from '../../util/rng';
import type { Goal, Observation, OutcomeBound } from '../types';
import { boundedSubset } from './bounded-subset';
import { GaussianProcess } from './gp';
import { powerTransform } from './power-transform';
import { KrigingBelieverEI } from './kriging-believer';

const feasibilityEffort = { candidates: 4, starts: 1, evaluationsPerStart: 20 };
/** Anchors for the acquisition search: the observed points with the best fitted means, the incumbent first. */
const anchorCount = 5;

/** A GP of one constrained metric and the interval that metric must keep to. */
interface ConstraintModel {
  readonly gp: GaussianProcess;
  readonly bound: OutcomeBound;
}

/** log P(bound.min ≤ y ≤ bound.max) for y ~ N(mean, sd²). */
function logProbabilityWithin({ min, max }: OutcomeBound, mean: number, sd: number): number {
  if (min === undefined) return logNormalCdf((max! - mean) / sd);
  if (max === undefined) return logNormalCdf((mean - min) / sd);
  const within = normalCdf((max - mean) / sd) - normalCdf((min - mean) / sd);
  return within > 1e-300 ? Math.log(within) : Math.min(logNormalCdf((max - mean) / sd), logNormalCdf((mean - min) / sd));
}

/**
 * What the model learned from the finished trials:
 *  - an objective GP on succeeded trials and the values infeasible ones reached (minimised internally: maximised goals are negated), fitted to
 *    power-transformed values (see power-transform.ts), in whose units EI and the incumbent are measured;
 *  - with outcome constraints, a GP per constrained metric on the trials that reported it (succeeded and
 *    infeasible ones), read as P(min ≤ value ≤ max) under its predictive distribution (constrained EI, Gardner
 *    et al. 2014): the value says how far a trial was from the bound, which a pass/fail label does not;
 *  - when some trials failed or diverged, a feasibility GP regressed on labels +1 (succeeded) / −1 (failed,
 *    diverged, and infeasible when no constraint model could be fitted), read as P(feasible) = Φ(m / √(v + σ_n²)),
 *    a least-squares GP classifier;
 *  - pruned trials are neither; the acquisition treats them like pending ones (visited, outcome unknown).
 * Before two trials succeed, a search with modelled constraints has no objective model and looks for the
 * feasible region alone: its acquisition is the probability of feasibility.
 */
export class Surrogate {
  private constructor(
    private readonly objective: { gp: GaussianProcess; incumbent: number } | undefined,
    private readonly feasibility: GaussianProcess | undefined,
    private readonly constraintModels: readonly ConstraintModel[],
    readonly anchors: readonly Point[],
  ) {}

  /**
   * Undefined while nothing can be learned: with fewer than two succeeded trials, unless every constraint can
   * be modelled from the trials that reported its metric. Past modelPointLimit observations each GP conditions on
   * a bounded subset (see bounded-subset.ts): the objective on the best values and an even spread of the rest,
   * the constraint and feasibility models on the trials nearest the incumbent and an even spread of the rest.
   */
  static fit(space: SpaceEncoding, goal: Goal, completed: readonly Observation[], rng: Rng, constraints: readonly OutcomeBound[] = []): Surrogate | undefined {
    const categorical = space.categories.map((c) => c > 0);
    const objective = Surrogate.fitObjective(space, goal, completed, categorical, rng);
    const reported = completed.filter((t) => constraints.length > 0 && t.constraintValues?.length === constraints.length);
    const anchors = objective?.anchors ?? Surrogate.leastViolating(space, reported, constraints).slice(0, anchorCount);
    const centre = anchors[0];
    const constraintModels = centre ? Surrogate.fitConstraints(space, reported, constraints, centre, categorical, rng) : [];
    const modelsConstraints = constraints.length > 0 && constraintModels.length === constraints.length;
    if (!objective && !modelsConstraints) return undefined;

    const feasible = (t: Observation) => hasObjective(t) || (modelsConstraints && t.status === 'infeasible');
    const labelled = completed.filter((t) => t.status !== 'pruned');
    const feasibility = labelled.some((t) => !feasible(t)) ? Surrogate.fitFeasibility(space, labelled, feasible, centre!, categorical, rng) : undefined;
    return new Surrogate(objective, feasibility, modelsConstraints ? constraintModels : [], anchors);
  }

  /**
   * The objective GP (on the succeeded trials and the infeasible ones' values), its incumbent (the best fitted mean
   * of a succeeded trial) and its anchors (the succeeded trials of the best fitted means); undefined with fewer than
   * two succeeded trials.
   */
  private static fitObjective(space: SpaceEncoding, goal: Goal, completed: readonly Observation[], categorical: readonly boolean[], rng: Rng) {
    if (completed.filter(hasObjective).length < 2) return undefined;
    const valued = completed.filter(hasObjectiveValue);
    const transformed = powerTransform(valued.map((t) => (goal === 'maximize' ? -t.objective! : t.objective!)));
    const kept = boundedSubset(transformed);
    const points = kept.map((i) => space.encode(valued[i]!.params));
    const gp = GaussianProcess.fit(points, kept.map((i) => transformed[i]!), categorical, rng);
    if (!gp) return undefined;
    const fitted = gp.fittedMeans();
    const order = fitted.map((_, i) => i).filter((i) => valued[kept[i]!]!.status === 'succeeded').sort((a, b) => fitted[a]! - fitted[b]!);
    if (order.length === 0) return undefined;
    return { gp, incumbent: fitted[order[0]!]!, anchors: order.slice(0, anchorCount).map((i) => points[i]!) };
  }

  /** The points of the trials that reported every constrained metric, the nearest to keeping every bound first. */
  private static leastViolating(space: SpaceEncoding, reported: readonly Observation[], constraints: readonly OutcomeBound[]): Point[] {
    const violation = (values: readonly number[]) =>
      constraints.reduce((sum, { min, max }, j) => sum + Math.max(0, values[j]! - (max ?? Infinity), (min ?? -Infinity) - values[j]!), 0);
    return reported
      .map((t) => ({ point: space.encode(t.params), violation: violation(t.constraintValues!) }))
      .sort((a, b) => a.violation - b.violation)
      .map((t) => t.point);
  }

  private static fitFeasibility(space: SpaceEncoding, labelled: readonly Observation[], feasible: (t: Observation) => boolean, best: Point, categorical: readonly boolean[], rng: Rng): GaussianProcess | undefined {
    const encoded = labelled.map((t) => space.encode(t.params));
    const kept = boundedSubset(encoded.map((p) => space.squaredDistance(p, best)));
    const labels = kept.map((i) => (feasible(labelled[i]!) ? 1 : -1));
    return GaussianProcess.fit(kept.map((i) => encoded[i]!), labels, categorical, rng, feasibilityEffort);
  }

  /** One model per constraint, each on the reporting trials nearest `best` and an even spread of the rest; none that cannot be fitted. */
  private static fitConstraints(space: SpaceEncoding, reported: readonly Observation[], constraints: readonly OutcomeBound[], best: Point, categorical: readonly boolean[], rng: Rng): ConstraintModel[] {
    if (reported.length < 2) return [];
    const encoded = reported.map((t) => space.encode(t.params));
    const kept = boundedSubset(encoded.map((p) => space.squaredDistance(p, best)));
    return constraints.flatMap((bound, j) => {
      const gp = GaussianProcess.fit(kept.map((i) => encoded[i]!), kept.map((i) => reported[i]!.constraintValues![j]!), categorical, rng);
      return gp ? [{ gp, bound }] : [];
    });
  }

  /**
   * log EI over the incumbent (the best fitted mean, which is robust to noise), with the `unknown` points
   * (pending, pruned, earlier picks) believed at their posterior mean, plus log P(feasible) and the log probability
   * of keeping each constraint.
   */
  acquisition(unknown: readonly Point[]): (point: Point) => number {
    const improvement = this.objective && new KrigingBelieverEI(this.objective.gp, unknown, this.objective.incumbent);
    const feasibility = this.feasibility;
    const noise = feasibility?.noiseVariance() ?? 0;
    const constraints = this.constraintModels.map(({ gp, bound }) => ({ gp, bound, noise: gp.noiseVariance() }));
    return (point) => {
      let value = improvement?.logValue(point) ?? 0;
      if (feasibility) {
        const label = feasibility.latent(point);
        value += logNormalCdf(label.mean / Math.sqrt(label.variance + noise));
      }
      for (const { gp, bound, noise } of constraints) {
        const predicted = gp.latent(point);
        value += logProbabilityWithin(bound, predicted.mean, Math.sqrt(predicted.variance + noise));
      }
      return value;
    };
  }
}
