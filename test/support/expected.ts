import { randomSearch } from '../../src/search/random';
import { toDimension } from '../../src/search-spec/dimension';
import type { ParamSpec, Params } from '../../src/search-spec/space';
import { syntheticAccuracy } from '../../src/trainers/synthetic/surface';

/** The best point an uninterrupted random sweep over the synthetic trainer finds: a pure function of (seed, ordinal). */
export function uninterruptedRandomBest(spec: { seed: number; space: Record<string, unknown>; fixed?: Record<string, unknown>; budget: { maxTrials: number } }): Params {
  const dims = Object.keys(spec.space).sort().map((name) => toDimension(name, spec.space[name] as ParamSpec, 'train'));
  const ordinals = [...Array(spec.budget.maxTrials).keys()];
  const points = randomSearch.suggest({ dimensions: dims, goal: 'maximize', seed: spec.seed, completed: [], pending: [], ordinals });
  const scored = points
    .map((p) => ({ p, accuracy: syntheticAccuracy({ ...(spec.fixed as Params), ...p }, spec.seed) }))
    .filter((s) => !Number.isNaN(s.accuracy));
  return scored.reduce((a, b) => (b.accuracy > a.accuracy ? b : a)).p;
}

/** The end state every fault test demands: each ordinal once with a final status, the budget finished. */
export function expectCompleteSweep(trials: { ordinal: number; status: string }[], maxTrials: number): string | undefined {
  const ordinals = trials.map((t) => t.ordinal).sort((a, b) => a - b);
  if (JSON.stringify(ordinals) !== JSON.stringify([...Array(maxTrials).keys()])) return `ordinals ${ordinals.join(',')}`;
  const open = trials.filter((t) => !['succeeded', 'failed', 'diverged', 'pruned'].includes(t.status));
  if (open.length > 0) return `unfinished trials: ${open.map((t) => `${t.ordinal}:${t.status}`).join(',')}`;
  return undefined;
}
