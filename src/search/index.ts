import type { AlgorithmName } from '../search-spec/search-spec';
import { bayesSearch } from './bayes';
import { gridSearch } from './grid';
import { randomSearch } from './random';
import { tpeSearch } from './tpe';
import type { SearchAlgorithm } from './types';

const algorithms: Record<AlgorithmName, SearchAlgorithm> = {
  grid: gridSearch,
  random: randomSearch,
  tpe: tpeSearch,
  bayes: bayesSearch,
};

export function searchAlgorithm(name: AlgorithmName): SearchAlgorithm {
  return algorithms[name];
}

export type { SearchAlgorithm, SuggestRequest, ObservedTrial, PendingTrial, Goal } from './types';
