import { markSearchCancelled, recordSearchEvent } from '../db/index';
import { isFinalSearch } from '../status';
import type { Caller, SearchDeps } from './deps';
import { SearchAlreadyFinished, Unavailable } from './errors';
import { findOwnSearch, summarize, type SearchSummary } from './read';

export interface CancelOutcome {
  search: SearchSummary;
  /** False when the search was cancelled already: nothing changed. */
  requested: boolean;
}

/**
 * Cancels a search: its sweep stops its trials and ends it cancelled. A search without an open workflow is
 * ended here. Cancelling a cancelled search changes nothing; a succeeded or failed one cannot be cancelled.
 */
export async function cancelSearch(deps: SearchDeps, id: string, caller: Caller): Promise<CancelOutcome> {
  const { db, sweeps } = deps;
  const search = await findOwnSearch(db, id, caller);
  if (search.status === 'cancelled') return { search: (await summarize(db, [search]))[0]!, requested: false };
  if (isFinalSearch(search.status)) throw new SearchAlreadyFinished(search.id, search.status);
  let requested: boolean;
  try {
    requested = await sweeps.cancel(search.id);
  } catch (error) {
    throw new Unavailable('Temporal', `could not cancel the sweep workflow: ${(error as Error).message}`);
  }
  await recordSearchEvent(db, search.id, 'cancel-requested', { workflowRunning: requested });
  if (!requested) await markSearchCancelled(db, search.id);
  return { search: (await summarize(db, [await findOwnSearch(db, id, caller)]))[0]!, requested: true };
}
