import { createHash } from 'node:crypto';
import type { Stage, Params } from '../search-spec/space';

/** Hash of the trainer, the seed and the train-stage parameters: trials with the same key can share one training run. */
export function trainKey(trainer: string, seed: number, params: Params, stages: Readonly<Record<string, Stage>>): string {
  const trainParams = Object.keys(params)
    .filter((name) => stages[name] !== 'eval')
    .sort()
    .map((name) => [name, params[name]]);
  return createHash('sha256').update(JSON.stringify([trainer, seed, trainParams])).digest('hex').slice(0, 32);
}
