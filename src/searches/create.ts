import { randomUUID } from 'node:crypto';
import { deleteSearch, insertSearch, recordSearchEvent } from '../db/index';
import { resolveSpec } from '../search-spec/resolve';
import type { SearchSpec } from '../search-spec/search-spec';
import type { Caller, SearchDeps } from './deps';
import { InvalidSpec, Unavailable } from './errors';
import { summarize, type SearchSummary } from './read';

/**
 * Validates the spec against the trainers, stores the search and starts its sweep. A sweep that cannot be
 * started leaves nothing behind: the search is removed again (compensation), and the caller hears Unavailable.
 */
export async function createSearch(deps: SearchDeps, spec: SearchSpec, caller: Caller): Promise<SearchSummary> {
  const { db, sweeps, trainers } = deps;
  const resolved = resolveSpec(spec, trainers);
  if (!resolved.ok) throw new InvalidSpec(resolved.issues);
  const id = randomUUID();
  const row = await insertSearch(db, { id, name: resolved.spec.name, spec, resolved: resolved.spec, workflowId: sweeps.workflowIdOf(id), owner: caller.tenant ?? null });
  await recordSearchEvent(db, id, 'created', { maxTrials: resolved.spec.budget.maxTrials });
  try {
    await sweeps.start(id, trainers.get(resolved.spec.trainer.name)?.taskQueue);
  } catch (error) {
    await deleteSearch(db, id);
    throw new Unavailable('Temporal', `could not start the sweep workflow: ${(error as Error).message}`);
  }
  return (await summarize(db, [row]))[0]!;
}
