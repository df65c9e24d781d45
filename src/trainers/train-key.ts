import { createHash } from 'node:crypto';
import type { Stage, Params } from '../search-spec/space';

/** The parameters a training may depend on: all but the eval-stage ones of the resolved spec (an extra parameter is train-stage unless the spec says otherwise). */
export function trainStageParams(params: Params, stages: Readonly<Record<string, Stage>>): Params {
  return Object.fromEntries(Object.entries(params).filter(([name]) => stages[name] !== 'eval'));
}

/** Hash of the trainer, the seed and the train-stage parameters: trials with the same key can share one training run. */
export function trainKey(trainer: string, seed: number, params: Params, stages: Readonly<Record<string, Stage>>): string {
  const trainParams = Object.entries(trainStageParams(params, stages)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify([trainer, seed, trainParams])).digest('hex').slice(0, 32);
}
