import { fromUnit, type Dimension } from '../search-spec/dimension';
import type { ParamValue, Params } from '../search-spec/space';
import type { SearchAlgorithm } from './types';

/** The values a grid enumerates along one dimension, addressed by index so a range is never listed. */
export interface GridAxis {
  readonly count: number;
  at(index: number): ParamValue;
  /** The index of a value on the axis, -1 when it is not one of the axis' values. */
  indexOf(value: ParamValue): number;
}

function listedAxis(values: readonly ParamValue[]): GridAxis {
  return { count: values.length, at: (index) => values[index]!, indexOf: (value) => values.indexOf(value) };
}

/** The grid axis of one dimension, or undefined for a continuous range. */
export function gridAxis(dim: Dimension): GridAxis | undefined {
  if (dim.type === 'categorical') return listedAxis(dim.values);
  if (dim.values) return listedAxis(dim.values);
  if (dim.type === 'int' && dim.steps === undefined && !dim.log) {
    const { low, high } = dim;
    return { count: high - low + 1, at: (index) => low + index, indexOf: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high ? value - low : -1) };
  }
  if (dim.steps === undefined) return undefined;
  // 12 significant digits: log-spaced points read as 0.001, not 0.0010000000000000002 (steps is bounded, so listing them is cheap)
  const points = Array.from({ length: dim.steps }, (_, i) => Number(fromUnit(dim, i / (dim.steps! - 1)).toPrecision(12)));
  return listedAxis([...new Set(points)]);
}

/** Per-dimension axes, or the name of the first dimension that has no finite set. */
export function gridAxes(dimensions: readonly Dimension[]): { axes: GridAxis[] } | { continuous: string } {
  const axes: GridAxis[] = [];
  for (const dim of dimensions) {
    const axis = gridAxis(dim);
    if (!axis) return { continuous: dim.name };
    axes.push(axis);
  }
  return { axes };
}

/** Number of grid points, saturating at Number.MAX_SAFE_INTEGER (far beyond any budget) so it stays exact below. */
export function gridSize(axes: readonly GridAxis[]): number {
  let size = 1;
  for (const axis of axes) size = Math.min(Number.MAX_SAFE_INTEGER, size * axis.count);
  return size;
}

/** The grid point at an ordinal: mixed-radix digits, last dimension fastest. */
export function gridPoint(dimensions: readonly Dimension[], axes: readonly GridAxis[], ordinal: number): Params {
  const params: Record<string, ParamValue> = {};
  let rest = ordinal;
  for (let i = dimensions.length - 1; i >= 0; i--) {
    const axis = axes[i]!;
    params[dimensions[i]!.name] = axis.at(rest % axis.count);
    rest = Math.floor(rest / axis.count);
  }
  return params;
}

/** The index of a configuration among the grid's points (the inverse of gridPoint), or undefined when it is off the grid. */
export function gridIndex(dimensions: readonly Dimension[], axes: readonly GridAxis[], params: Params): number | undefined {
  let index = 0;
  for (let i = 0; i < dimensions.length; i++) {
    const digit = axes[i]!.indexOf(params[dimensions[i]!.name]!);
    if (digit < 0) return undefined;
    index = index * axes[i]!.count + digit;
  }
  return index;
}

/** Grid indices of the enqueued configurations that are grid points, ascending and distinct. */
export function enqueuedGridIndices(dimensions: readonly Dimension[], axes: readonly GridAxis[], enqueued: readonly Params[]): number[] {
  const indices = enqueued.map((params) => gridIndex(dimensions, axes, params)).filter((i): i is number => i !== undefined);
  return [...new Set(indices)].sort((a, b) => a - b);
}

/** Trials a grid runs: each point once, enqueued ones among them, plus every enqueued configuration off the grid (or repeated). */
export function gridTrialCount(size: number, enqueuedCount: number, enqueuedOnGrid: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, size + enqueuedCount - enqueuedOnGrid);
}

/** The n-th grid index that is not in `skipped` (ascending). */
function nthFreeIndex(n: number, skipped: readonly number[]): number {
  let index = n;
  for (const taken of skipped) {
    if (taken > index) break;
    index++;
  }
  return index;
}

/**
 * Lazy enumeration in a fixed order: ordinal n is always the same point, and no point comes twice. The enqueued
 * configurations take the first ordinals; after them the grid runs its points in order, leaving out those enqueued.
 */
export const gridSearch: SearchAlgorithm = {
  name: 'grid',
  learnsFromTrials: false,
  suggest({ dimensions, ordinals, enqueued = [] }) {
    const grid = gridAxes(dimensions);
    if ('continuous' in grid) throw new Error(`grid needs a finite set for ${grid.continuous}`);
    const size = gridSize(grid.axes);
    const skipped = enqueuedGridIndices(dimensions, grid.axes, enqueued);
    return ordinals
      .map((o) => nthFreeIndex(o - enqueued.length, skipped))
      .filter((index) => index < size)
      .map((index) => gridPoint(dimensions, grid.axes, index));
  },
};
