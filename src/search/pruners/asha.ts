import { z } from 'zod';
import { specBounds } from '../../search-spec/bounds';
import { formatValue, isBetter, reportReaching, reports } from './curve';
import type { PruneDecision, PruneRequest } from './types';

export const ashaPrunerSchema = z
  .strictObject({
    type: z.literal('asha'),
    minResource: z.number().positive().max(specBounds.prunerSteps).default(1).meta({ description: 'steps at the first rung' }),
    reductionFactor: z.number().min(2).max(specBounds.prunerCount).default(3).meta({ description: 'η: each rung keeps the best 1/η; rungs are η times apart' }),
    minEarlyStoppingRate: z.number().int().min(0).max(specBounds.prunerEarlyStoppingRate).default(0).meta({ description: 's: the first rung is at minResource·η^s' }),
    maxResource: z.number().positive().max(specBounds.prunerSteps).optional().meta({ description: 'trials that get this far are not stopped any more' }),
  })
  .meta({ description: 'asynchronous successive halving' });

export type AshaPrunerConfig = z.output<typeof ashaPrunerSchema>;

/** The highest rung the latest report crossed (previous report below it, latest at or above it). */
function rungCrossed(previousStep: number, latestStep: number, config: AshaPrunerConfig): number | undefined {
  let crossed: number | undefined;
  for (let k = config.minEarlyStoppingRate; ; k++) {
    const resource = config.minResource * config.reductionFactor ** k;
    if (resource > latestStep || (config.maxResource !== undefined && resource >= config.maxResource)) return crossed;
    if (resource > previousStep) crossed = resource;
  }
}

/**
 * Asynchronous successive halving (Li et al. 2020), stateless: a trial is judged once per rung, by the report
 * that first reaches it. It goes on when its value there is among the best ⌊n/η⌋ of the n trials (running or
 * finished) that have reached the rung — or is the best, while fewer than η have — and is stopped otherwise.
 * Trials can never wait for a promotion here, so judge every report as it arrives.
 */
export function ashaShouldPrune({ trial, peers, goal, config }: PruneRequest<AshaPrunerConfig>): PruneDecision {
  const own = reports(trial);
  const latest = own[own.length - 1];
  if (!latest) return { prune: false };
  const rung = rungCrossed(own[own.length - 2]?.step ?? -Infinity, latest.step, config);
  if (rung === undefined) return { prune: false, step: latest.step };
  const competing = [
    latest.value,
    ...peers
      .filter((p) => p.ordinal !== trial.ordinal)
      .map((p) => reportReaching(reports(p), rung)?.value)
      .filter((v): v is number => v !== undefined),
  ].sort((a, b) => (isBetter(a, b, goal) ? -1 : isBetter(b, a, goal) ? 1 : 0));
  const promoted = Math.max(1, Math.floor(competing.length / config.reductionFactor));
  const threshold = competing[promoted - 1]!;
  if (!isBetter(threshold, latest.value, goal)) return { prune: false, step: latest.step };
  return {
    prune: true,
    step: latest.step,
    reason: `value ${formatValue(latest.value)} at rung ${rung} is outside the best ${promoted} of ${competing.length} trials there (cut-off ${formatValue(threshold)})`,
  };
}
