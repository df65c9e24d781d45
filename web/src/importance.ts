/**
 * Parameter importance as a first-order (fANOVA-style main-effect) variance decomposition:
 * for each parameter, the share of the objective's variance across finished trials that the
 * parameter explains on its own. Trials are grouped by the parameter's value (numbers with more
 * than MAX_LEVELS distinct values fall into QUANTILE_BINS quantile bins), and the share is the
 * bias-corrected ε² = (between-group SS − (groups − 1) · within-group mean square) / total SS,
 * clipped at 0. The correction counts the other parameters' effects as noise, so shares err low;
 * interactions are not attributed, so the shares need not add up to 1.
 */
export interface ScoredTrial {
  params: Record<string, unknown>;
  objective: number;
}

export interface Importance {
  name: string;
  /** ε² in [0, 1]. */
  importance: number;
}

const MAX_LEVELS = 8;
const QUANTILE_BINS = 5;

/** The group of each trial for one parameter's values. */
function groupOf(values: unknown[]): number[] {
  const keys = values.map((v) => JSON.stringify(v) ?? 'undefined');
  const distinct = [...new Set(keys)];
  if (distinct.length > MAX_LEVELS && values.every((v) => typeof v === 'number')) {
    const sorted = values.slice().sort((a, b) => a - b);
    const cuts = Array.from({ length: QUANTILE_BINS - 1 }, (_, k) => sorted[Math.floor((sorted.length * (k + 1)) / QUANTILE_BINS)]!);
    return values.map((v) => cuts.filter((cut) => v >= cut).length);
  }
  const index = new Map(distinct.map((key, i) => [key, i]));
  return keys.map((key) => index.get(key)!);
}

function epsilonSquared(groups: number[], ys: number[]): number | undefined {
  const n = ys.length;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const totalSS = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  const sums = new Map<number, { count: number; sum: number }>();
  groups.forEach((g, i) => {
    const s = sums.get(g) ?? { count: 0, sum: 0 };
    s.count++;
    s.sum += ys[i]!;
    sums.set(g, s);
  });
  const k = sums.size;
  if (k < 2 || n <= k) return undefined;
  if (totalSS === 0) return 0;
  const betweenSS = [...sums.values()].reduce((a, { count, sum }) => a + count * (sum / count - mean) ** 2, 0);
  const withinMS = (totalSS - betweenSS) / (n - k);
  return Math.max(0, (betweenSS - (k - 1) * withinMS) / totalSS);
}

/** Importance of every parameter that varies, most important first; empty with fewer than 3 trials. */
export function parameterImportance(trials: readonly ScoredTrial[]): Importance[] {
  if (trials.length < 3) return [];
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const ys = trials.map((t) => t.objective);
  return names
    .flatMap((name) => {
      const importance = epsilonSquared(groupOf(trials.map((t) => t.params[name])), ys);
      return importance === undefined ? [] : [{ name, importance }];
    })
    .sort((a, b) => b.importance - a.importance);
}
