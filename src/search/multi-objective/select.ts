import { nonDominatedSort, type Minimised } from './dominance';
import { hypervolume } from './hypervolume';

/**
 * The reference point of a set of minimised vectors for hypervolume contributions: per objective the worst value
 * plus 10% of the range, or plus 1 where the range is 0, so that every point of the set is strictly inside.
 */
export function referencePoint(points: readonly Minimised[]): number[] {
  const k = points[0]?.length ?? 0;
  return Array.from({ length: k }, (_, i) => {
    const values = points.map((p) => p[i]!);
    const worst = Math.max(...values);
    const range = worst - Math.min(...values);
    return worst + (range > 0 ? 0.1 * range : 1);
  });
}

/**
 * Greedy hypervolume subset selection within one front: the indices (into `front`) of `count` points, each next
 * one the point that adds the most hypervolume to the ones already picked (reference: referencePoint of the front),
 * ties to the lower index. The order of picking is returned.
 */
function greedyByContribution(front: readonly Minimised[], count: number): number[] {
  const reference = referencePoint(front);
  const picked: number[] = [];
  const left = front.map((_, i) => i);
  while (picked.length < count && left.length > 0) {
    let bestAt = 0;
    let bestVolume = -Infinity;
    left.forEach((i, at) => {
      const volume = hypervolume([...picked.map((j) => front[j]!), front[i]!], reference);
      if (volume > bestVolume) [bestVolume, bestAt] = [volume, at];
    });
    picked.push(left.splice(bestAt, 1)[0]!);
  }
  return picked;
}

/**
 * MOTPE's good group (Ozaki et al. 2020, as Optuna's TPE for several objectives): the indices of `count` of the
 * minimised vectors, filled front by front of the non-dominated sort. Within a front the points are ordered by
 * greedy hypervolume contribution (see greedyByContribution), which also breaks the tie in the last front that does
 * not fit whole. The result is in selection order: earlier fronts first, so rank weights favour them.
 */
export function selectByFronts(points: readonly Minimised[], count: number): number[] {
  const selected: number[] = [];
  for (const front of nonDominatedSort(points)) {
    if (selected.length >= count) break;
    const order = greedyByContribution(front.map((i) => points[i]!), Math.min(front.length, count - selected.length));
    selected.push(...order.map((at) => front[at]!));
  }
  return selected;
}
