import { SpaceEncoding, type Point } from '../encoding';
import { designOrdinals, designPoint } from '../initial-design';
import { createRng } from '../../util/rng';
import { TakenPoints } from '../taken-points';
import type { SearchAlgorithm, SuggestRequest } from '../types';
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
 * Gaussian-process Bayesian optimisation. Ordinals below the initial-design size (less one per warm-start
 * observation, which the model learns from with the search's own trials) get scrambled Halton points;
 * after that each ordinal maximises log EI + log P(feasible), with pending trials, pruned trials and earlier picks
 * of the same batch believed at their posterior mean (Kriging believer), and at least inFlightSeparation away
 * from the trials in flight. See surrogate.ts for the model.
 */
export const bayesSearch: SearchAlgorithm = {
  name: 'bayes',
  learnsFromTrials: true,
  suggest({ dimensions, goal, seed, completed, pending, ordinals, prior = [] }: SuggestRequest) {
    const space = new SpaceEncoding(dimensions);
    const taken = new TakenPoints(space, [...completed, ...pending].map((t) => t.params));
    const designSize = designOrdinals(space.size, prior.length);
    const observed = [...completed, ...prior];
    const needsModel = ordinals.some((o) => o >= designSize);
    const surrogate = needsModel ? Surrogate.fit(space, goal, observed, createRng(seed, fitStream + (ordinals[0] ?? 0))) : undefined;
    const inFlight: Point[] = pending.map((t) => space.encode(t.params));
    const pruned = observed.filter((t) => t.status === 'pruned').map((t) => space.encode(t.params));
    const unknown: Point[] = [...inFlight, ...(surrogate ? believedPruned(space, pruned, surrogate.anchors[0]!) : [])];

    const suggestions = [];
    for (const ordinal of ordinals) {
      const rng = createRng(seed, searchStream + ordinal);
      const point = surrogate && ordinal >= designSize
        ? maximizeAcquisition(space, separatedFrom(space, inFlight, surrogate.acquisition(unknown)), surrogate.anchors, taken, rng, searchEffort(observed.length)) ?? taken.freePoint(rng)
        : taken.freePoint(rng, designPoint(space, seed, ordinal));
      if (!point) break;
      taken.add(point);
      unknown.push(point);
      inFlight.push(point);
      suggestions.push(space.decode(point));
    }
    return suggestions;
  },
};
