import { fromUnit, type Dimension } from '../search-spec/dimension';
import type { ParamValue, Params } from '../search-spec/space';
import { createRng, type Rng } from '../util/rng';
import type { SearchAlgorithm } from './types';

export function sampleDimension(dim: Dimension, rng: Rng): ParamValue {
  const values: readonly ParamValue[] | undefined = dim.values;
  if (values) return values[rng.int(values.length)]!;
  if (dim.type === 'int' && !dim.log) return dim.low + rng.int(dim.high - dim.low + 1);
  return fromUnit(dim as Extract<Dimension, { type: 'float' | 'int' }>, rng.next());
}

export function samplePoint(dimensions: readonly Dimension[], rng: Rng): Params {
  return Object.fromEntries(dimensions.map((dim) => [dim.name, sampleDimension(dim, rng)]));
}

/** Each ordinal draws from its own stream of the seed, so the point at ordinal n never depends on history. */
export const randomSearch: SearchAlgorithm = {
  name: 'random',
  learnsFromTrials: false,
  suggest({ dimensions, seed, ordinals }) {
    return ordinals.map((ordinal) => samplePoint(dimensions, createRng(seed, ordinal)));
  },
};
