import { SpaceEncoding, type Point } from '../encoding';
import { designOrdinals, designPoint } from '../initial-design';
import { createRng } from '../../util/rng';
import { minimised } from '../multi-objective/dominance';
import { normaliseObjectives, augmentedChebyshev, simplexWeights } from '../multi-objective/scalarise';
import { hasObjectives } from '../outcome';
import { TakenPoints } from '../taken-points';
import type { Goal, Observation, SearchAlgorithm, SuggestRequest } from '../types';
import type { Params } from '../../search-spec/space';
import { maximizeAcquisition, searchEffort } from './acquisition-search';
import { boundedSubset } from './bounded-subset';
import { Surrogate } from './surrogate';

/**
 * Trials in flight together differ by at least this much in the unit cube (Euclidean, a changed categorical
 * counting as 1): two runs of nearly the same configuration at once would teach the model once. Kept small,
 * since refining around an optimum legitimately tries points 0.01 apart at once (a floor of 0.01 cost a
 * 3x worse Hartmann6 regret at 80 trials with 8 in flight).
 */
const inFlightSeparation = 1e-3;

/** Streams of the seed: one per ordinal for the acquisition search, one per request for the model fit. */
const searchStream = 0xba7e_0000;
const fitStream = 0xf17_0000;
/** Several objectives: the stream of each ordinal's scalarisation weights. */
const weightStream = 0x3e60_0000;

/** The acquisition, −∞ closer than inFlightSeparation to a trial in flight. */
function separatedFrom(space: SpaceEncoding, inFlight: readonly Point[], acquisition: (p: Point) => number): (p: Point) => number {
  const limit = inFlightSeparation ** 2;
  return (point) => (inFlight.some((q) => space.squaredDistance(point, q) < limit) ? -Infinity : acquisition(point));
}

/**
 * The pruned points the acquisition believes at their posterior mean: past modelPointLimit of them, the half
 * nearest the incumbent and an even spread of the others (bounded-subset.ts).
 */
function believedPruned(space: SpaceEncoding, pruned: readonly Point[], incumbent: Point): Point[] {
  return boundedSubset(pruned.map((p) => space.squaredDistance(p, incumbent))).map((i) => pruned[i]!);
}

/**
 * The observations scalarised for one weight vector (ParEGO): a trial with a complete objective vector gets the
 * augmented Chebyshev value of its normalised vector as a minimised objective; a succeeded trial without a complete
 * vector taught nothing about the objectives and counts as failed (the feasibility model learns to avoid it).
 */
function scalarised(observed: readonly Observation[], goals: readonly Goal[], weights: readonly number[]): Observation[] {
  const complete = observed.filter((t) => hasObjectives(t, goals.length));
  const values = normaliseObjectives(complete.map((t) => minimised(t.objectives!, goals))).map((f) => augmentedChebyshev(f, weights));
  const valueOf = new Map(complete.map((t, i) => [t, values[i]!]));
  return observed.map((t) => {
    const value = valueOf.get(t);
    const constraintValues = t.constraintValues !== undefined ? { constraintValues: t.constraintValues } : {};
    if (value !== undefined) return { params: t.params, status: 'succeeded', objective: value, ...constraintValues };
    return { params: t.params, status: t.status === 'succeeded' ? 'failed' : t.status, objective: null, ...constraintValues };
  });
}

/**
 * Fills the ordinals in order: below the design size (less one per warm-start observation) with scrambled Halton
 * points, after that with the maximum of log EI + log P(feasible) of the ordinal's surrogate, with pending trials,
 * pruned trials and the batch's earlier picks believed at their posterior mean (Kriging believer) and at least
 * inFlightSeparation away from the trials in flight; with a design point while there is no surrogate yet.
 */
function suggestEach(request: SuggestRequest, surrogateFor: (ordinal: number, space: SpaceEncoding, observed: readonly Observation[]) => Surrogate | undefined): Params[] {
  const { dimensions, seed, completed, pending, ordinals, prior = [] } = request;
  const space = new SpaceEncoding(dimensions);
  const taken = new TakenPoints(space, [...completed, ...pending].map((t) => t.params));
  const designSize = designOrdinals(space.size, prior.length);
  const observed = [...completed, ...prior];
  const inFlight: Point[] = pending.map((t) => space.encode(t.params));
  const pruned = observed.filter((t) => t.status === 'pruned').map((t) => space.encode(t.params));

  const suggestions = [];
  for (const ordinal of ordinals) {
    const rng = createRng(seed, searchStream + ordinal);
    const surrogate = ordinal >= designSize ? surrogateFor(ordinal, space, observed) : undefined;
    let point: Point | undefined;
    if (surrogate) {
      const unknown = [...inFlight, ...believedPruned(space, pruned, surrogate.anchors[0]!)];
      const acquisition = separatedFrom(space, inFlight, surrogate.acquisition(unknown));
      point = maximizeAcquisition(space, acquisition, surrogate.anchors, taken, rng, searchEffort(observed.length)) ?? taken.freePoint(rng);
    } else point = taken.freePoint(rng, designPoint(space, seed, ordinal));
    if (!point) break;
    taken.add(point);
    inFlight.push(point);
    suggestions.push(space.decode(point));
  }
  return suggestions;
}

/**
 * Gaussian-process Bayesian optimisation (suggestEach; see surrogate.ts for the model): one surrogate per request,
 * fitted to the observations. With several objectives (request.goals), ParEGO (Knowles 2006) with a fresh random
 * scalarisation per ordinal: each ordinal draws weights uniformly from the simplex (its own stream of the seed),
 * scalarises the observations with them (normalised by the observed minimum and maximum of each objective,
 * augmented Chebyshev) and fits its surrogate to that single minimised objective.
 */
export const bayesSearch: SearchAlgorithm = {
  name: 'bayes',
  learnsFromTrials: true,
  suggest(request: SuggestRequest) {
    const { goal, goals, seed, ordinals, constraints = [] } = request;
    if (goals && goals.length >= 2)
      return suggestEach(request, (ordinal, space, observed) => {
        const weights = simplexWeights(goals.length, createRng(seed, weightStream + ordinal));
        return Surrogate.fit(space, 'minimize', scalarised(observed, goals, weights), createRng(seed, fitStream + ordinal), constraints);
      });
    let fitted: { surrogate: Surrogate | undefined } | undefined;
    return suggestEach(request, (_, space, observed) => {
      fitted ??= { surrogate: Surrogate.fit(space, goal, observed, createRng(seed, fitStream + (ordinals[0] ?? 0)), constraints) };
      return fitted.surrogate;
    });
  },
};
