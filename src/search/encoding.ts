import { fromUnit, toUnit, type Dimension } from '../search-spec/dimension';
import type { ParamValue, Params } from '../search-spec/space';
import { samplePoint } from './random';
import type { Rng } from '../util/rng';

/**
 * A point of the search space as the model-based algorithms see it: one coordinate per dimension.
 * Numeric dimensions hold their value mapped into [0, 1] (log-scaled where the dimension is log);
 * categorical dimensions hold the index of the value (-1 for a value the space does not list).
 */
export type Point = Float64Array;

type NumericDimension = Extract<Dimension, { type: 'float' | 'int' }>;

/** Where a numeric dimension's allowed values lie in [0, 1], or undefined for a continuous range. */
function allowedUnits(dim: NumericDimension): Float64Array | undefined {
  return dim.values ? Float64Array.from(dim.values, (v) => toUnit(dim, v)) : undefined;
}

function nearestIndex(sorted: Float64Array, u: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= u) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[hi]! - u) < Math.abs(sorted[lo]! - u) ? hi : lo;
}

/** The coordinate of a finite dimension's index-th allowed value. */
function levelCoordinate(dim: Dimension, index: number): number {
  if (dim.type === 'categorical') return index;
  return toUnit(dim, dim.values ? dim.values[index]! : dim.low + index);
}

/** Maps parameters to points and back, and keeps points on values the space allows. */
export class SpaceEncoding {
  readonly size: number;
  /** Number of values of each categorical dimension; 0 for numeric dimensions. */
  readonly categories: readonly number[];
  private readonly units: readonly (Float64Array | undefined)[];

  constructor(readonly dimensions: readonly Dimension[]) {
    this.size = dimensions.length;
    this.categories = dimensions.map((d) => (d.type === 'categorical' ? d.values.length : 0));
    this.units = dimensions.map((d) => (d.type === 'categorical' ? undefined : allowedUnits(d)));
  }

  isCategorical(i: number): boolean {
    return this.categories[i]! > 0;
  }

  /** Squared Euclidean distance in the unit cube, a changed categorical counting as 1. */
  squaredDistance(a: Point, b: Point): number {
    let sum = 0;
    for (let i = 0; i < this.size; i++) sum += this.isCategorical(i) ? (a[i] === b[i] ? 0 : 1) : (a[i]! - b[i]!) ** 2;
    return sum;
  }

  encode(params: Params): Point {
    return Float64Array.from(this.dimensions, (dim) => {
      const value = params[dim.name];
      if (dim.type === 'categorical') return dim.values.indexOf(value as ParamValue);
      return Math.min(1, Math.max(0, toUnit(dim, Number(value))));
    });
  }

  decode(point: Point): Params {
    return Object.fromEntries(this.dimensions.map((dim, i) => [dim.name, this.valueAt(dim, i, point[i]!)]));
  }

  /** Moves every coordinate in place onto the nearest value the dimension allows. */
  snap(point: Point): Point {
    this.dimensions.forEach((dim, i) => {
      const x = point[i]!;
      if (dim.type === 'categorical') point[i] = Math.min(dim.values.length - 1, Math.max(0, Math.round(x)));
      else point[i] = Math.min(1, Math.max(0, toUnit(dim, this.valueAt(dim, i, x) as number)));
    });
    return point;
  }

  /** Number of distinct values dimension i allows; Infinity for a continuous range. */
  levels(i: number): number {
    const dim = this.dimensions[i]!;
    if (dim.type === 'categorical') return dim.values.length;
    if (dim.values) return dim.values.length;
    return dim.type === 'int' ? dim.high - dim.low + 1 : Infinity;
  }

  /** The point whose dimension i takes its indices[i]-th allowed value (finite dimensions only). */
  fromLevels(indices: readonly number[]): Point {
    return Float64Array.from(this.dimensions, (dim, i) => levelCoordinate(dim, indices[i]!));
  }

  /** The point a coordinate of the unit cube stands for; linear discrete dimensions get equal shares of [0, 1). */
  fromCube(cube: readonly number[]): Point {
    const point = Float64Array.from(this.dimensions, (dim, i) => {
      const u = Math.min(1, Math.max(0, cube[i]!));
      if (dim.type !== 'categorical' && !dim.values && (dim.type === 'float' || dim.log)) return u;
      const levels = this.levels(i);
      return levelCoordinate(dim, Math.min(levels - 1, Math.floor(u * levels)));
    });
    return this.snap(point);
  }

  randomPoint(rng: Rng): Point {
    return this.encode(samplePoint(this.dimensions, rng));
  }

  /** Identity of a parameter set: equal keys mean the same trial. */
  key(params: Params): string {
    return JSON.stringify(this.dimensions.map((d) => params[d.name] ?? null));
  }

  pointKey(point: Point): string {
    return this.key(this.decode(point));
  }

  /** Number of distinct points, or Infinity when some dimension is continuous. */
  cardinality(): number {
    return this.dimensions.reduce((n, _, i) => n * this.levels(i), 1);
  }

  private valueAt(dim: Dimension, i: number, x: number): ParamValue {
    if (dim.type === 'categorical') return dim.values[Math.min(dim.values.length - 1, Math.max(0, Math.round(x)))]!;
    const units = this.units[i];
    if (units) return dim.values![nearestIndex(units, x)]!;
    return fromUnit(dim, x);
  }
}
