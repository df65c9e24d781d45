import type { Point, SpaceEncoding } from './encoding';
import { createRng } from '../util/rng';

/** Stream of the seed that draws the digit permutations; fixed so every ordinal sees the same design. */
const scrambleStream = 0x4a17_0000;
/** Digits kept per coordinate: enough that the dropped tail is below 2^-30. */
const resolutionBits = 30;

/**
 * Number of quasi-random points before a model-based algorithm takes over: max(5, 2d + 1) for d dimensions,
 * enough to see every dimension vary a couple of times without spending much of a small budget.
 */
export function initialDesignSize(dimensionCount: number): number {
  return Math.max(5, 2 * dimensionCount + 1);
}

/** The ordinals a model-based search spends on the design when a warm start brings `priorCount` observations: that many fewer. */
export function designOrdinals(dimensionCount: number, priorCount: number): number {
  return Math.max(0, initialDesignSize(dimensionCount) - priorCount);
}

function primes(count: number): number[] {
  const found: number[] = [];
  for (let candidate = 2; found.length < count; candidate++) {
    if (found.every((p) => candidate % p !== 0)) found.push(candidate);
  }
  return found;
}

function permutation(size: number, seed: number, stream: number): Int32Array {
  const rng = createRng(seed, stream);
  const perm = Int32Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
}

/**
 * Point `index` of a Halton sequence in [0, 1)^dimensionCount whose digits are scrambled by random permutations,
 * one per (coordinate, digit position), drawn from the seed. Scrambling removes the correlation between
 * coordinates that plain Halton shows in higher bases and makes point 0 a random point rather than the origin.
 */
export function scrambledHalton(seed: number, index: number, dimensionCount: number): number[] {
  return primes(dimensionCount).map((base, coordinate) => {
    const digits = Math.ceil(resolutionBits / Math.log2(base));
    let value = 0;
    let scale = 1 / base;
    let rest = index;
    for (let position = 0; position < digits; position++) {
      const perm = permutation(base, seed, scrambleStream + coordinate * 64 + position);
      value += perm[rest % base]! * scale;
      rest = Math.floor(rest / base);
      scale /= base;
    }
    return value;
  });
}

/** The initial-design point for an ordinal: the same point for the same (seed, ordinal), whatever else happened. */
export function designPoint(space: SpaceEncoding, seed: number, ordinal: number): Point {
  return space.fromCube(scrambledHalton(seed, ordinal, space.size));
}
