import type { CategoricalValue, ParamSpec, Stage } from './space';

/** A parameter of the search space after validation: stage resolved, ordered by name. */
export type Dimension =
  | { name: string; stage: Stage; type: 'float'; low: number; high: number; log: boolean; steps?: number; values?: number[] }
  | { name: string; stage: Stage; type: 'int'; low: number; high: number; log: boolean; steps?: number; values?: number[] }
  | { name: string; stage: Stage; type: 'categorical'; values: CategoricalValue[] };

export function toDimension(name: string, spec: ParamSpec, stage: Stage): Dimension {
  if (spec.type === 'categorical') return { name, stage, type: 'categorical', values: spec.values };
  const values = spec.values ? [...spec.values].sort((a, b) => a - b) : undefined;
  const low = values ? values[0]! : spec.low!;
  const high = values ? values[values.length - 1]! : spec.high!;
  return {
    name,
    stage,
    type: spec.type,
    low,
    high,
    log: spec.log,
    ...(spec.steps !== undefined ? { steps: spec.steps } : {}),
    ...(values ? { values } : {}),
  };
}

/**
 * Map u in [0, 1] into the dimension's range (log-scaled where asked); ints are rounded. Interpolated
 * as low·(1−u) + high·u, which stays finite wherever low and high are, and clamped into [low, high].
 */
export function fromUnit(dim: Extract<Dimension, { type: 'float' | 'int' }>, u: number): number {
  const clamped = Math.min(1, Math.max(0, u));
  const value = dim.log
    ? Math.exp(Math.log(dim.low) * (1 - clamped) + Math.log(dim.high) * clamped)
    : dim.low * (1 - clamped) + dim.high * clamped;
  if (dim.type === 'int') return Math.min(dim.high, Math.max(dim.low, Math.round(value)));
  return Math.min(dim.high, Math.max(dim.low, value));
}

/** Inverse of fromUnit for numeric dimensions. */
export function toUnit(dim: Extract<Dimension, { type: 'float' | 'int' }>, value: number): number {
  if (dim.high === dim.low) return 0.5;
  return dim.log
    ? (Math.log(value) - Math.log(dim.low)) / (Math.log(dim.high) - Math.log(dim.low))
    : (value - dim.low) / (dim.high - dim.low);
}

/** Whether a value is one the dimension can take: a listed value, or a number (an integer for int) within [low, high]. */
export function dimensionAdmits(dim: Dimension, value: unknown): boolean {
  const values: readonly unknown[] | undefined = dim.values;
  if (values) return values.includes(value);
  if (dim.type === 'categorical') return false;
  return typeof value === 'number' && value >= dim.low && value <= dim.high && (dim.type === 'float' || Number.isInteger(value));
}

/** The values a dimension takes, in words, for a message. */
export function describeDimension(dim: Dimension): string {
  const values: readonly unknown[] | undefined = dim.values;
  if (values || dim.type === 'categorical') return `one of ${(values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${dim.type === 'int' ? 'an integer' : 'a number'} from ${dim.low} to ${dim.high}`;
}
