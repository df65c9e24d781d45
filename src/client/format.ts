import type { Search, Trial } from './index';

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

/** The decimals that keep two significant digits of a spread (whole numbers from 10 on): 0.004123 → 4, 0.0996 → 2 (0.10), 12.3 → 0; null for 0. */
const spreadDecimals = (spread: number) =>
  spread > 0 && Number.isFinite(spread) ? Math.min(20, Math.max(0, 1 - Math.floor(Math.log10(Number(spread.toPrecision(2)))))) : null;

const toDecimals = (value: number, decimals: number | null) => (decimals === null ? formatValue(value) : value.toFixed(decimals));

/** A standard error to two significant digits: 0.004123 → '0.0041'. */
export const spreadText = (spread: number) => toDecimals(spread, spreadDecimals(spread));

/** A mean ± a spread, the spread to two significant digits and the mean to as many decimals: 0.812345, 0.004123 → '0.8123 ± 0.0041'. */
function plusMinusText(mean: number, spread: number): string {
  const decimals = spreadDecimals(spread);
  return `${toDecimals(mean, decimals)} ± ${toDecimals(spread, decimals)}`;
}

/** A trial's objective: the middle ± the half width of its interval where it has one (`0.8123 ± 0.0041`), else its value (`0.812345`). */
export const objectiveText = ({ objective, interval }: Pick<Trial, 'objective' | 'interval'>) =>
  interval ? plusMinusText((interval.low + interval.high) / 2, (interval.high - interval.low) / 2) : formatValue(objective);

/** `0.8123 ± 0.0041 (95%, 6 evaluations)`: the objective's interval, its level and the evaluations it rests on; null for a trial without one. */
export const intervalText = (trial: Pick<Trial, 'objective' | 'interval' | 'evaluations'>) =>
  trial.interval ? `${objectiveText(trial)} (${formatPercent(100 * trial.interval.level)}, ${trial.evaluations} evaluations)` : null;

/** A confirmed trial's objective as the search measured it, before its confirmation's evaluations replaced it: `0.8712 (1 evaluation)`; null for a trial not confirmed. */
export function beforeConfirmationText({ beforeConfirmation }: Pick<Trial, 'beforeConfirmation'>): string | null {
  if (!beforeConfirmation) return null;
  const { evaluations } = beforeConfirmation;
  return `${objectiveText(beforeConfirmation)} (${evaluations} evaluation${evaluations === 1 ? '' : 's'})`;
}
