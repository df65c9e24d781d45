import { fromUnit, type Dimension } from '../search-spec/dimension';
import type { ParamValue, Params } from '../search-spec/space';
import type { SearchAlgorithm } from './types';

/** The values a grid enumerates along one dimension, addressed by index so a range is never listed. */
export interface GridAxis {
  readonly count: number;
  at(index: number): ParamValue;
}

function listedAxis(values: readonly ParamValue[]): GridAxis {
  return { count: values.length, at: (index) => values[index]! };
}

/** The grid axis of one dimension, or undefined for a continuous range. */
export function gridAxis(dim: Dimension): GridAxis | undefined {
  if (dim.type === 'categorical') return listedAxis(dim.values);
  if (dim.values) return listedAxis(dim.values);
  if (dim.type === 'int' && dim.steps === undefined && !dim.log) return { count: dim.high - dim.low + 1, at: (index) => dim.low + index };
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

/** Lazy enumeration in a fixed order: ordinal n is always the same point, and no point comes twice. */
export const gridSearch: SearchAlgorithm = {
  name: 'grid',
  suggest({ dimensions, ordinals }) {
    const grid = gridAxes(dimensions);
    if ('continuous' in grid) throw new Error(`grid needs a finite set for ${grid.continuous}`);
    const size = gridSize(grid.axes);
    return ordinals.filter((o) => o < size).map((o) => gridPoint(dimensions, grid.axes, o));
  },
};
