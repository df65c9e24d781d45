import type { Search } from './index';

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

/** `maximize eval_accuracy`, or a multi-objective search's `maximize eval_accuracy, minimize train_cost`. */
export const objectivesText = ({ objective, objectives }: Pick<Search, 'objective' | 'objectives'>) =>
  (objectives ?? [objective]).map((o) => `${o.goal} ${o.metric}`).join(', ');

/** `train_cost ≤ 4, 0.5 ≤ peak_memory_gb ≤ 20, eval_accuracy ≥ 0.6`. */
export const constraintsText = (constraints: NonNullable<Search['constraints']>) =>
  constraints
    .map(({ metric, min, max }) => {
      if (min !== undefined && max !== undefined) return `${formatValue(min)} ≤ ${metric} ≤ ${formatValue(max)}`;
      return min !== undefined ? `${metric} ≥ ${formatValue(min)}` : `${metric} ≤ ${formatValue(max)}`;
    })
    .join(', ');
