import { specBounds, type KnobBounds } from './bounds';
import type { Params } from './space';

/**
 * The parameter that, searched, fixed or enqueued, is a trial's seed: what its trainer gets as `seed`
 * (a command trainer's request field, the built-ins' generators) and what its train key hashes. Every
 * trainer accepts it; without it a trial runs with the search's seed.
 */
export const seedParameter = 'seed';

/** A seed parameter's values are seeds: the same integers a spec's `seed` may be. */
export const seedBounds: KnobBounds = { min: 0, max: specBounds.seed, integer: true };

export function trialSeed(searchSeed: number, params: Params): number {
  const value = Object.hasOwn(params, seedParameter) ? params[seedParameter] : undefined;
  return typeof value === 'number' ? value : searchSeed;
}

/**
 * The seed of a trial's evaluation number `index` (0 first): the trial's own seed for the first, so a trial evaluated
 * once is evaluated as it always was, and distinct well-mixed seeds for its repeats and confirmations.
 */
export function evaluationSeed(seed: number, index: number): number {
  if (index === 0) return seed;
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) % (specBounds.seed + 1);
}
