import { SpaceEncoding, type Point } from '../encoding';
import { designPoint, initialDesignSize } from '../initial-design';
import { createRng } from '../rng';
import { TakenPoints } from '../taken-points';
import type { SearchAlgorithm, SuggestRequest } from '../types';
import { maximizeAcquisition, searchEffort } from './acquisition-search';
import { Surrogate } from './surrogate';

/** Streams of the seed: one per ordinal for the acquisition search, one per request for the model fit. */
const searchStream = 0xba7e_0000;
const fitStream = 0xf17_0000;

/**
 * Gaussian-process Bayesian optimisation. Ordinals below the initial-design size get scrambled Halton points;
 * after that each ordinal maximises log EI + log P(feasible), with pending trials, pruned trials and earlier picks
 * of the same batch believed at their posterior mean (Kriging believer). See surrogate.ts for the model.
 */
export const bayesSearch: SearchAlgorithm = {
  name: 'bayes',
  suggest({ dimensions, goal, seed, completed, pending, ordinals }: SuggestRequest) {
    const space = new SpaceEncoding(dimensions);
    const taken = new TakenPoints(space, [...completed, ...pending].map((t) => t.params));
    const designSize = initialDesignSize(space.size);
    const needsModel = ordinals.some((o) => o >= designSize);
    const surrogate = needsModel ? Surrogate.fit(space, goal, completed, createRng(seed, fitStream + (ordinals[0] ?? 0))) : undefined;
    const unknown: Point[] = [...pending, ...completed.filter((t) => t.status === 'pruned')].map((t) => space.encode(t.params));

    const suggestions = [];
    for (const ordinal of ordinals) {
      const rng = createRng(seed, searchStream + ordinal);
      const point = surrogate && ordinal >= designSize
        ? maximizeAcquisition(space, surrogate.acquisition(unknown), surrogate.anchors, taken, rng, searchEffort(completed.length)) ?? taken.freePoint(rng)
        : taken.freePoint(rng, designPoint(space, seed, ordinal));
      if (!point) break;
      taken.add(point);
      unknown.push(point);
      suggestions.push(space.decode(point));
    }
    return suggestions;
  },
};
