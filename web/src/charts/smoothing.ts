/** The largest smoothing weight the curves take: at 1 the average would never move. */
export const MAX_SMOOTHING = 0.99;

/**
 * Points smoothed by an exponential moving average with `weight` (0: the points as they are), debiased as
 * TensorBoard does so the first points are not pulled towards 0. A point that is not finite (a diverged loss)
 * stays as it is and does not enter the average.
 */
export function smoothEma(points: readonly (readonly [number, number])[], weight: number): [number, number][] {
  const w = Math.min(MAX_SMOOTHING, Math.max(0, weight));
  let average = 0;
  let counted = 0;
  return points.map(([x, y]) => {
    if (!Number.isFinite(y)) return [x, y];
    average = w * average + (1 - w) * y;
    counted++;
    return [x, average / (1 - w ** counted)];
  });
}
