import type { Goal } from '../types';

/** An objective vector with every objective turned into one to minimise: maximised objectives negated. */
export type Minimised = readonly number[];

/** The objective values as minimised quantities, one goal per value. */
export function minimised(values: readonly number[], goals: readonly Goal[]): number[] {
  return values.map((v, i) => (goals[i] === 'maximize' ? -v : v));
}

/** Whether a Pareto-dominates b: no worse in every objective and better in one (both minimised, of one length). */
export function dominates(a: Minimised, b: Minimised): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/**
 * Non-dominated sorting (Deb et al. 2002): the indices of the points by front, the first front being the points no
 * other dominates, each next one those only earlier fronts dominate; within a front, ascending. Equal points share
 * a front (neither dominates the other). O(k·n²) for n points of k objectives.
 */
export function nonDominatedSort(points: readonly Minimised[]): number[][] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i]!, points[j]!)) {
        dominating[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(points[j]!, points[i]!)) {
        dominating[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let front = dominatedBy.flatMap((count, i) => (count === 0 ? [i] : []));
  while (front.length > 0) {
    fronts.push(front);
    const next: number[] = [];
    for (const i of front) for (const j of dominating[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    front = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** The indices of the points no other point dominates, ascending. */
export function nonDominated(points: readonly Minimised[]): number[] {
  return points.flatMap((p, i) => (points.some((q) => dominates(q, p)) ? [] : [i]));
}
