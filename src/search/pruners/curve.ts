import type { Goal } from '../types';
import type { IntermediateValue, TrialCurve } from './types';

/** Finite reports in step order. */
export function reports(curve: TrialCurve): IntermediateValue[] {
  return curve.intermediate.filter((r) => Number.isFinite(r.value) && Number.isFinite(r.step)).sort((a, b) => a.step - b.step);
}

export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'minimize' ? a < b : a > b;
}

/** Best value reported at or before `step`; undefined when nothing was reported by then. */
export function bestUpTo(sorted: readonly IntermediateValue[], step: number, goal: Goal): number | undefined {
  let best: number | undefined;
  for (const r of sorted) {
    if (r.step > step) break;
    if (best === undefined || isBetter(r.value, best, goal)) best = r.value;
  }
  return best;
}

/** The first report at or after `step`: where the trial stood when it got that far; undefined if it has not. */
export function reportReaching(sorted: readonly IntermediateValue[], step: number): IntermediateValue | undefined {
  return sorted.find((r) => r.step >= step);
}

export function formatValue(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
