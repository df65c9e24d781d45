import type { AlgorithmName } from '../search-spec/search-spec';
import { bayesSearch } from './bayes';
import { gridSearch } from './grid';
import { randomSearch } from './random';
import { tpeSearch } from './tpe';
import type { Params } from '../search-spec/space';
import type { SearchAlgorithm, SuggestRequest } from './types';

const algorithms: Record<AlgorithmName, SearchAlgorithm> = {
  grid: gridSearch,
  random: randomSearch,
  tpe: tpeSearch,
  bayes: bayesSearch,
};

export function searchAlgorithm(name: AlgorithmName): SearchAlgorithm {
  return algorithms[name];
}

/**
 * The configurations for the request's ordinals: ordinals below the number enqueued take those, in order; the
 * algorithm answers the rest. A space without dimensions has one point (the fixed values), whatever the
 * algorithm, so it is enumerated as a grid.
 */
export function suggestAt(name: AlgorithmName, request: SuggestRequest): Params[] {
  const enqueued = request.enqueued ?? [];
  const fromQueue = request.ordinals.filter((o) => o < enqueued.length).map((o) => enqueued[o]!);
  const rest = request.ordinals.filter((o) => o >= enqueued.length);
  if (rest.length === 0) return fromQueue;
  const algorithm = request.dimensions.length === 0 ? gridSearch : algorithms[name];
  return [...fromQueue, ...algorithm.suggest({ ...request, ordinals: rest })];
}

export type { SearchAlgorithm, SuggestRequest, Observation, ObservedTrial, PendingTrial, Goal } from './types';
