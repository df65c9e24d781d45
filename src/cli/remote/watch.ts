import { setTimeout as sleep } from 'node:timers/promises';
import { getSearch, type ApiClient, type Search } from '../../client/index';
import { isSettledSearch } from '../../status';

/** Polls a search until it settles, handing every snapshot to `onUpdate`; returns the last one. */
export async function watchSearch(client: ApiClient, id: string, intervalMs: number, onUpdate: (search: Search) => void): Promise<Search> {
  for (;;) {
    const search = await getSearch(client, id);
    onUpdate(search);
    if (isSettledSearch(search.status)) return search;
    await sleep(intervalMs);
  }
}
