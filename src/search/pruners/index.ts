import { z } from 'zod';
import { ashaPrunerSchema, ashaShouldPrune } from './asha';
import { medianPrunerSchema, medianShouldPrune } from './median';
import type { PruneDecision, PruneRequest } from './types';

/** Early-stopping rules, as a spec's `pruner` section would give them. */
export const prunerConfigSchema = z.discriminatedUnion('type', [medianPrunerSchema, ashaPrunerSchema]);
export type PrunerConfig = z.output<typeof prunerConfigSchema>;

/** Whether a trial should stop after its latest report. Pure: the same curves give the same decision. */
export function shouldPrune(request: PruneRequest<PrunerConfig>): PruneDecision {
  const { config } = request;
  return config.type === 'median' ? medianShouldPrune({ ...request, config }) : ashaShouldPrune({ ...request, config });
}

export { ashaPrunerSchema, type AshaPrunerConfig } from './asha';
export { medianPrunerSchema, type MedianPrunerConfig } from './median';
export type { IntermediateValue, PruneDecision, PruneRequest, TrialCurve } from './types';
