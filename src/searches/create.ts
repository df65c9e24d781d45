import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { deleteSearch, insertSearch, recordSearchEvent, searchByIdempotencyKey, type SearchRow } from '../db/index';
import { resolveSpec } from '../search-spec/resolve';
import type { SearchSpec } from '../search-spec/search-spec';
import { isOpenSearch } from '../status';
import type { Caller, SearchDeps } from './deps';
import { IdempotencyKeyReused, InvalidSpec, Unavailable } from './errors';
import { summarize, type SearchSummary } from './read';
import { postedParameterOrder } from './parameter-order';
import { warmStartSourceIssues } from './warm-start';

export interface CreateOptions {
  /** The client's key for this creation: retrying with the same key and spec returns the same search. */
  idempotencyKey?: string;
}

export interface Created extends SearchSummary {
  /** False when an earlier request with the same idempotency key created the search. */
  created: boolean;
}

/**
 * Validates the spec against the trainers (and its warm-start sources), stores the search and starts its sweep.
 * Without an idempotency key, a sweep that cannot be started leaves nothing behind: the search is removed
 * again (and a workflow that started regardless is cancelled). With one, the search stays queued and a
 * retry with the same key starts it, so a client that saw a 503 or lost the answer can retry safely.
 */
export async function createSearch(deps: SearchDeps, spec: SearchSpec, caller: Caller, options: CreateOptions = {}): Promise<Created> {
  const { db } = deps;
  const trainers = await deps.trainers.offered();
  const resolved = resolveSpec(spec, trainers);
  if (!resolved.ok) throw new InvalidSpec(resolved.issues);
  const sourceIssues = await warmStartSourceIssues(db, resolved.spec, caller);
  if (sourceIssues.length > 0) throw new InvalidSpec(sourceIssues);
  const key = options.idempotencyKey === undefined ? null : `${caller.tenant ?? ''}:${options.idempotencyKey}`;
  const id = randomUUID();
  const inserted = await insertSearch(db, { id, name: resolved.spec.name, spec, resolved: resolved.spec, parameterOrder: postedParameterOrder(spec), workflowId: deps.sweeps.workflowIdOf(id), owner: caller.tenant ?? null, idempotencyKey: key });
  if (!inserted) return retried(deps, (await searchByIdempotencyKey(db, key!))!, spec);
  await recordSearchEvent(db, id, 'created', { maxTrials: resolved.spec.budget.maxTrials });
  await startSweep(deps, inserted, trainers.get(resolved.spec.trainer.name)!.taskQueue, key === null);
  return { ...(await summarize(db, [inserted]))[0]!, created: true };
}

/** A retry of a creation: the same spec gets the same search, its sweep started if the first try could not. */
async function retried(deps: SearchDeps, existing: SearchRow, spec: SearchSpec): Promise<Created> {
  if (!isDeepStrictEqual(existing.spec, spec)) throw new IdempotencyKeyReused(existing.id);
  if (isOpenSearch(existing.status) && !(await deps.sweeps.isRunning(existing.id).catch(() => true))) {
    const trainer = (await deps.trainers.offered()).get(existing.resolved.trainer.name);
    if (!trainer) throw new InvalidSpec([{ path: ['trainer', 'name'], message: `no live worker offers trainer '${existing.resolved.trainer.name}' now; retry with the same Idempotency-Key once one does` }]);
    await startSweep(deps, existing, trainer.taskQueue, false);
  }
  return { ...(await summarize(deps.db, [existing]))[0]!, created: false };
}

async function startSweep(deps: SearchDeps, search: SearchRow, trialTaskQueue: string, discardOnFailure: boolean): Promise<void> {
  try {
    await deps.sweeps.start(search.id, trialTaskQueue);
  } catch (error) {
    if (discardOnFailure) {
      await deleteSearch(deps.db, search.id);
      // the start may have reached the engine although its answer did not reach us
      await deps.sweeps.cancel(search.id).catch(() => false);
    }
    throw new Unavailable('Temporal', `could not start the sweep workflow: ${(error as Error).message}${discardOnFailure ? '' : '; retry with the same Idempotency-Key'}`);
  }
}
