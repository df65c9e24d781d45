import { setTimeout as sleep } from 'node:timers/promises';
import { getSearch, type ApiClient, type Search } from '../../client/index';
import { isSettledSearch } from '../../status';
import { ExitCode, searchExitCode } from './exit';
import { describeOutcome } from './format';
import { ProgressPrinter } from './progress';

/** Polls a search until it settles, handing every snapshot to `onUpdate`; returns the last one. */
export async function watchSearch(client: ApiClient, id: string, intervalMs: number, onUpdate: (search: Search) => void): Promise<Search> {
  for (;;) {
    const search = await getSearch(client, id);
    onUpdate(search);
    if (isSettledSearch(search.status)) return search;
    await sleep(intervalMs);
  }
}

/**
 * Shows a search's live progress until it settles, then how it ended (with `json`, only the final search
 * as JSON), and answers its status's exit code. Ctrl-C detaches: the search keeps running.
 */
export async function followSearch(client: ApiClient, id: string, { intervalMs, json }: { intervalMs: number; json: boolean }): Promise<number> {
  const progress = new ProgressPrinter(process.stdout);
  const detach = () => {
    progress.end();
    process.stderr.write(`hpsearch: detached; search ${id} keeps running (hpsearch status ${id} --watch follows it again)\n`);
    process.exit(ExitCode.detached);
  };
  process.once('SIGINT', detach);
  try {
    const final = await watchSearch(client, id, intervalMs, json ? () => undefined : (search) => progress.update(search));
    progress.end();
    process.stdout.write(`${json ? JSON.stringify(final, null, 2) : describeOutcome(final)}\n`);
    return searchExitCode(final);
  } finally {
    process.off('SIGINT', detach);
  }
}
