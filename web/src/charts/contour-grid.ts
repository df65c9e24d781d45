import type { SearchParameter } from '../../../src/client/index';
import { categoryOf } from './parameter-axis';

/** Cells per numeric axis; an integer range narrower than this gets one cell per integer. */
export const NUMERIC_CELLS = 24;
/** Cells farther than this from every trial (in the unit square) are left blank rather than guessed. */
export const MASK_RADIUS = 0.3;
const IDW_POWER = 2;

/**
 * One axis of the grid in the axis' own data coordinates (a category's index on a category axis), with where a
 * value lies in [0, 1], log-scaled for log parameters, for distances.
 */
export interface GridAxis {
  /** Cell boundaries, ascending: cell i spans edges[i]..edges[i + 1]. */
  edges: number[];
  /** Where cell i's centre lies in [0, 1]. */
  centres: number[];
  /** Where a trial's value lies in [0, 1], or undefined for a value off the axis. */
  unit(value: unknown): number | undefined;
}

export function gridAxis(parameter: SearchParameter): GridAxis {
  if (parameter.type === 'categorical') {
    const categories = parameter.values.map(categoryOf);
    const k = categories.length;
    return {
      edges: categories.map((_, i) => i - 0.5).concat(k - 0.5),
      centres: categories.map((_, i) => (i + 0.5) / k),
      unit: (value) => {
        const index = categories.indexOf(categoryOf(value));
        return index < 0 ? undefined : (index + 0.5) / k;
      },
    };
  }
  const { low, high, log } = parameter;
  const integers = parameter.type === 'int' && !log && high - low + 1 <= NUMERIC_CELLS;
  const [from, to] = integers ? [low - 0.5, high + 0.5] : [low, high];
  const cells = integers ? high - low + 1 : NUMERIC_CELLS;
  const scale = (v: number) => (log ? Math.log(v) : v);
  const unscale = (s: number) => (log ? Math.exp(s) : s);
  const toUnit = (v: number) => (scale(v) - scale(from)) / (scale(to) - scale(from));
  const edges = Array.from({ length: cells + 1 }, (_, i) => unscale(scale(from) + ((scale(to) - scale(from)) * i) / cells));
  return {
    edges,
    centres: Array.from({ length: cells }, (_, i) => (i + 0.5) / cells),
    unit: (value) => (typeof value === 'number' && value >= low && value <= high ? toUnit(value) : undefined),
  };
}

/** A trial placed in the unit square, with its objective. */
export interface GridPoint {
  u: number;
  v: number;
  value: number;
}

/** A filled cell: its bounds in data coordinates and the interpolated objective. */
export interface GridCell {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  value: number;
}

/**
 * The objective over the grid, interpolated by inverse-distance weighting (power 2) of the trials in the unit
 * square; a cell holding a trial at its centre takes that trial's value, and a cell with no trial within
 * MASK_RADIUS is left out.
 */
export function interpolateGrid(x: GridAxis, y: GridAxis, points: readonly GridPoint[]): GridCell[] {
  const cells: GridCell[] = [];
  x.centres.forEach((cu, i) =>
    y.centres.forEach((cv, j) => {
      let nearest = Infinity;
      let weights = 0;
      let weighted = 0;
      let exact: number | undefined;
      for (const p of points) {
        const distance = Math.hypot(p.u - cu, p.v - cv);
        nearest = Math.min(nearest, distance);
        if (distance < 1e-12) exact = p.value;
        const weight = distance ** -IDW_POWER;
        weights += weight;
        weighted += weight * p.value;
      }
      if (nearest > MASK_RADIUS) return;
      cells.push({ x0: x.edges[i]!, x1: x.edges[i + 1]!, y0: y.edges[j]!, y1: y.edges[j + 1]!, value: exact ?? weighted / weights });
    }),
  );
  return cells;
}
