/**
 * The empirical distribution function of the objectives as step points: (v, fraction of values ≤ v) at each
 * distinct value, after (lowest, 0), to draw with `step: 'end'`.
 */
export function edfPoints(objectives: readonly number[]): [number, number][] {
  const sorted = [...objectives].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const points: [number, number][] = [[sorted[0]!, 0]];
  sorted.forEach((value, i) => {
    if (sorted[i + 1] !== value) points.push([value, (i + 1) / sorted.length]);
  });
  return points;
}
