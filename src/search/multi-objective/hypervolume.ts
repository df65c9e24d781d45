import type { Minimised } from './dominance';

/**
 * The hypervolume of a set of minimised objective vectors with respect to a reference point: the measure of the
 * region they dominate that the reference bounds, ∪ᵢ [pᵢ, r]. Exact in any dimension (meant for 2 to 4): a sweep in 2-D,
 * and above it slicing along the last objective (HSO, While et al. 2006), each slice the (k−1)-dimensional volume of
 * the points at or below it. Points not strictly better than the reference in every objective add nothing, nor do
 * duplicates and dominated points. Cost O(n^(k−1) log n) for n points.
 */
export function hypervolume(points: readonly Minimised[], reference: readonly number[]): number {
  const inside = points.filter((p) => p.length === reference.length && p.every((v, i) => v < reference[i]!));
  return volume(inside, reference);
}

function volume(points: readonly Minimised[], reference: readonly number[]): number {
  if (points.length === 0) return 0;
  const k = reference.length;
  if (k === 1) return reference[0]! - Math.min(...points.map((p) => p[0]!));
  if (k === 2) return area(points, reference);
  const last = k - 1;
  const sorted = [...points].sort((a, b) => a[last]! - b[last]!);
  const lower = reference.slice(0, last);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1]![last]! : reference[last]!;
    const height = top - sorted[i]![last]!;
    if (height > 0) total += height * volume(sorted.slice(0, i + 1).map((p) => p.slice(0, last)), lower);
  }
  return total;
}

/** 2-D: sorted by the first objective, each point that improves the second adds the strip between it and the previous best. */
function area(points: readonly Minimised[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let total = 0;
  let ceiling = reference[1]!;
  for (const [x, y] of sorted as [number, number][]) {
    if (y >= ceiling) continue;
    total += (reference[0]! - x) * (ceiling - y);
    ceiling = y;
  }
  return total;
}
