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
