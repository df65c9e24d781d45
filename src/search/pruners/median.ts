import { z } from 'zod';
import { specBounds } from '../../search-spec/bounds';
import { bestUpTo, formatValue, isBetter, reportReaching, reports } from './curve';
import type { PruneDecision, PruneRequest } from './types';

export const medianPrunerSchema = z
  .strictObject({
    type: z.literal('median'),
    warmupSteps: z.number().int().min(0).max(specBounds.prunerSteps).default(0).meta({ description: 'no pruning before a trial has reported this step' }),
    minTrials: z.number().int().min(1).max(specBounds.prunerCount).default(5).meta({ description: 'peers that must have reached the same step before comparing' }),
  })
  .meta({ description: 'stop a trial whose best value so far is worse than the median of its peers at the same step' });

export type MedianPrunerConfig = z.output<typeof medianPrunerSchema>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median stopping rule (Golovin et al. 2017, Vizier): at its latest step s, a trial is stopped when the best value
 * it has reported is worse than the median of the peers' best values up to s. Only peers that have reported
 * step s or later take part, so everyone is compared at the same progress.
 */
export function medianShouldPrune({ trial, peers, goal, config }: PruneRequest<MedianPrunerConfig>): PruneDecision {
  const own = reports(trial);
  const latest = own[own.length - 1];
  if (!latest || latest.step < config.warmupSteps) return { prune: false };
  const step = latest.step;
  const best = bestUpTo(own, step, goal)!;
  const peerBests = peers
    .filter((p) => p.ordinal !== trial.ordinal)
    .map(reports)
    .filter((sorted) => reportReaching(sorted, step) !== undefined)
    .map((sorted) => bestUpTo(sorted, step, goal))
    .filter((v): v is number => v !== undefined);
  if (peerBests.length < config.minTrials) return { prune: false, step };
  const threshold = median(peerBests);
  if (!isBetter(threshold, best, goal)) return { prune: false, step };
  return {
    prune: true,
    step,
    reason: `best value ${formatValue(best)} by step ${step} is worse than the median ${formatValue(threshold)} of ${peerBests.length} trials at that step`,
  };
}
