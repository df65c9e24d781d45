import { gridValues, type Dimension } from '../search-spec/dimension';
import type { ParamValue, Params } from '../search-spec/space';
import type { SearchAlgorithm } from './types';

/** Per-dimension value lists, or the name of the first dimension that has no finite set. */
export function gridAxes(dimensions: readonly Dimension[]): { axes: ParamValue[][] } | { continuous: string } {
  const axes: ParamValue[][] = [];
  for (const dim of dimensions) {
    const values = gridValues(dim);
    if (!values) return { continuous: dim.name };
    axes.push(values);
  }
  return { axes };
}

export function gridSize(axes: readonly ParamValue[][]): number {
  return axes.reduce((n, axis) => n * axis.length, 1);
}

/** The grid point at an ordinal: mixed-radix digits, last dimension fastest. */
export function gridPoint(dimensions: readonly Dimension[], axes: readonly ParamValue[][], ordinal: number): Params {
  const params: Record<string, ParamValue> = {};
  let rest = ordinal;
  for (let i = dimensions.length - 1; i >= 0; i--) {
    const axis = axes[i]!;
    params[dimensions[i]!.name] = axis[rest % axis.length]!;
    rest = Math.floor(rest / axis.length);
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
