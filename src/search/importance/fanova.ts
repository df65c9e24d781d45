import type { Extent, Leaf } from './regression-tree';

/** A piecewise-constant function's variance over the unit cube and the part each coordinate's main effect carries. */
export interface VarianceDecomposition {
  total: number;
  /** V_i: the variance of the main effect of coordinate i. */
  mainEffects: Float64Array;
}

/** The share of the uniform measure of an extent: its length, or the fraction of the coordinate's categories it holds. */
function sizeOf(extent: Extent): number {
  if (extent.kind === 'interval') return extent.high - extent.low;
  return extent.members.filter(Boolean).length / extent.members.length;
}

/** The index of `value` in `sorted`, which holds it. */
function indexOf(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Σ over the pieces the leaves' ends cut the coordinate into of length · (marginal − mean)². Leaves that span
 * the whole coordinate (most, in a tree over many coordinates) add the same to every piece.
 */
function intervalMainEffect(leaves: readonly Leaf[], weights: Float64Array, coordinate: number, mean: number): number {
  let everywhere = 0;
  const cut: { low: number; high: number; weight: number }[] = [];
  leaves.forEach((leaf, l) => {
    const { low, high } = leaf.extents[coordinate] as Extract<Extent, { kind: 'interval' }>;
    if (low === 0 && high === 1) everywhere += weights[l]!;
    else cut.push({ low, high, weight: weights[l]! });
  });
  const ends = Float64Array.from([0, 1, ...cut.flatMap(({ low, high }) => [low, high])]).sort();
  let distinct = 0;
  for (const end of ends) if (distinct === 0 || end !== ends[distinct - 1]) ends[distinct++] = end;
  const cuts = ends.subarray(0, distinct);
  const change = new Float64Array(cuts.length);
  for (const { low, high, weight } of cut) {
    change[indexOf(cuts, low)]! += weight;
    change[indexOf(cuts, high)]! -= weight;
  }
  let marginal = everywhere;
  let variance = 0;
  for (let piece = 0; piece + 1 < cuts.length; piece++) {
    marginal += change[piece]!;
    variance += (cuts[piece + 1]! - cuts[piece]!) * (marginal - mean) ** 2;
  }
  return variance;
}

function categoricalMainEffect(leaves: readonly Leaf[], weights: Float64Array, coordinate: number, mean: number): number {
  const count = (leaves[0]!.extents[coordinate] as Extract<Extent, { kind: 'categories' }>).members.length;
  const marginals = new Float64Array(count);
  leaves.forEach((leaf, l) => {
    (leaf.extents[coordinate] as Extract<Extent, { kind: 'categories' }>).members.forEach((member, c) => {
      if (member) marginals[c]! += weights[l]!;
    });
  });
  return marginals.reduce((sum, marginal) => sum + (marginal - mean) ** 2, 0) / count;
}

/**
 * The exact functional-ANOVA decomposition (Hutter, Hoos & Leyton-Brown 2014) of a tree's prediction under the
 * uniform measure over the cube, for the main effects: coordinate i's marginal prediction a_i(x_i), the prediction
 * averaged over every other coordinate, is Σ_leaves value · Π_{j≠i} size_j over the leaves whose extent holds x_i;
 * V_i is the variance of a_i. The leaves must partition the cube, as a tree's do.
 */
export function decomposeVariance(leaves: readonly Leaf[]): VarianceDecomposition {
  const dimensions = leaves[0]!.extents.length;
  const sizes = leaves.map((leaf) => leaf.extents.map(sizeOf));
  const volumes = sizes.map((s) => s.reduce((product, size) => product * size, 1));
  const mean = leaves.reduce((sum, leaf, l) => sum + leaf.value * volumes[l]!, 0);
  const total = Math.max(0, leaves.reduce((sum, leaf, l) => sum + leaf.value ** 2 * volumes[l]!, 0) - mean ** 2);
  const mainEffects = Float64Array.from({ length: dimensions }, (_, i) => {
    const weights = Float64Array.from(leaves, (leaf, l) => (leaf.value * volumes[l]!) / sizes[l]![i]!);
    return leaves[0]!.extents[i]!.kind === 'interval'
      ? intervalMainEffect(leaves, weights, i, mean)
      : categoricalMainEffect(leaves, weights, i, mean);
  });
  return { total, mainEffects };
}
