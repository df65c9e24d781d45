import { randomUUID } from 'node:crypto';
import { insertSearch, type Db } from '../../../src/db/index';
import { resolveSpec, type ResolvedSpec } from '../../../src/search-spec/resolve';
import { searchSpecSchema } from '../../../src/search-spec/search-spec';
import type { Trainer } from '../../../src/trainers/types';

/** A trainer kept in memory: `run` decides what a trial does. */
export function fakeTrainer(run: Trainer['run']): Trainer {
  return {
    name: 'fake',
    description: 'in-memory trainer of the activity tests',
    parameters: { learning_rate: { stage: 'train', description: 'learning rate' } },
    acceptsExtraParameters: false,
    staged: false,
    metrics: ['eval_accuracy'],
    run,
  };
}

/** Stores a random search over the fake trainer's learning rate; `edit` changes its resolved spec as stored. */
export async function insertFakeSearch(db: Db, edit: (resolved: ResolvedSpec) => unknown = (r) => r): Promise<string> {
  const spec = searchSpecSchema.parse({
    objective: { metric: 'eval_accuracy', goal: 'maximize' },
    algorithm: 'random',
    seed: 3,
    budget: { maxTrials: 6, parallelism: 2 },
    trainer: { name: 'fake' },
    space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
  });
  const resolved = resolveSpec(spec, new Map([['fake', fakeTrainer(async () => ({ status: 'succeeded', metrics: {} }))]]));
  if (!resolved.ok) throw new Error(`fake spec should resolve: ${JSON.stringify(resolved.issues)}`);
  const id = randomUUID();
  await insertSearch(db, { id, name: 'activity test', spec, resolved: edit(resolved.spec) as ResolvedSpec, workflowId: `search-${id}` });
  return id;
}
