/**
 * At most this many observations condition a GP. Its Cholesky factor costs O(n³) and every acquisition score
 * O(n²), so past this many a suggestion costs the same however long the search has run. Searches of up to this
 * many observations condition on all of them, exactly as without the limit.
 */
export const modelPointLimit = 256;

/**
 * Which of n observations a GP conditions on: all of them (0..n-1) when n ≤ limit; else the limit/2 of lowest
 * priority (ties to the earlier) and an evenly spaced selection of the others, in ascending order. A pure
 * function of its input, so a resumed search picks the same points.
 */
export function boundedSubset(priority: readonly number[], limit = modelPointLimit): number[] {
  const n = priority.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= limit) return all;
  const ranked = [...all].sort((a, b) => priority[a]! - priority[b]! || a - b);
  const preferred = Math.floor(limit / 2);
  const others = ranked.slice(preferred).sort((a, b) => a - b);
  const spread = limit - preferred;
  const spaced = Array.from({ length: spread }, (_, k) => others[Math.floor(((k + 0.5) * others.length) / spread)]!);
  return [...ranked.slice(0, preferred), ...spaced].sort((a, b) => a - b);
}
