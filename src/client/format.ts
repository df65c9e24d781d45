/** Six significant digits, no float noise: 0.000300000001 → 0.0003; null → '-'. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const formatPercent = (percent: number) => `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;

/** A parameter's share of the explained variance with its spread across the forest's trees: 0.532, 0.041 → '53.2% ± 4.1'. */
export const formatShare = (share: number, shareStd: number) => `${(100 * share).toFixed(1)}% ± ${(100 * shareStd).toFixed(1)}`;

/** A count with thousands separators: 100,000. */
export const formatCount = (count: number) => count.toLocaleString('en-US');
