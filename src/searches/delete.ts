import { rm } from 'node:fs/promises';
import { modelKeyOf, trainingCheckpointsKey, trialCheckpointsKey } from '../artifacts/index';
import { deleteSearchRecords, searchTrials, trainingsOnlyOf, type SearchRow } from '../db/index';
import { isOpenSearch } from '../status';
import { localModelDirOf, searchWorkDir, trainingWorkDir } from '../trainers/work-dirs';
import { cancelSearch } from './cancel';
import type { Caller, SearchDeps, SearchFiles } from './deps';
import { SearchNotFound, SearchStillOpen, Unavailable } from './errors';
import { findOwnSearch } from './read';

export interface DeleteOptions {
  /** Cancel an open search first and wait for its sweep to stop. */
  force?: boolean;
}

/** How long a delete waits for a cancelled sweep (and its trainers) to stop: within the API's request timeout (30 s by default). */
const CLOSE_WAIT_MS = 20_000;
/** Artifact prefixes deleted at once: each is a listing on the store. */
const PARALLEL_DELETES = 8;

/**
 * Deletes a search with everything kept for it: its rows (trials, metric points, logs, events, the
 * trainings no other search shares) and its files (work directories and local models in this process's
 * data directory, checkpoints and models in the artifact store). An open search is refused unless
 * `force`, which cancels it through the cancel path and waits for its workflow to close. Files go first
 * and the rows last, in one transaction: a delete that fails half way leaves the search to delete again.
 */
export async function deleteOwnSearch(deps: SearchDeps & { files: SearchFiles }, id: string, caller: Caller, options: DeleteOptions = {}): Promise<void> {
  const search = await findOwnSearch(deps.db, id, caller);
  if (isOpenSearch(search.status)) {
    if (!options.force) throw new SearchStillOpen(search.id, search.status);
    await cancelSearch(deps, search.id, caller);
  }
  await untilSweepClosed(deps, search);
  const trainKeys = await trainingsOnlyOf(deps.db, search.id);
  await deleteFiles(deps, search, trainKeys);
  if (!(await deleteSearchRecords(deps.db, search.id, trainKeys))) throw new SearchNotFound(search.id);
}

/** A sweep still closing (cancelled, or finishing as it ended) could write again: the delete waits for it. */
async function untilSweepClosed({ sweeps }: SearchDeps, search: SearchRow): Promise<void> {
  let running: boolean;
  try {
    running = await sweeps.isRunning(search.id);
  } catch (error) {
    throw new Unavailable('Temporal', `could not tell whether the sweep workflow still runs: ${(error as Error).message}`);
  }
  if (running && !(await sweeps.waitForClose(search.id, CLOSE_WAIT_MS)))
    throw new Unavailable('Temporal', `the sweep workflow of search ${search.id} did not stop within ${CLOSE_WAIT_MS / 1000} s; retry the delete`);
}

async function deleteFiles({ db, files }: Pick<SearchDeps, 'db'> & { files: SearchFiles }, search: SearchRow, trainKeys: readonly string[]): Promise<void> {
  const trainer = search.resolved.trainer.name;
  const trials = await searchTrials(db, search.id);
  const prefixes = [
    ...trials.map((trial) => `${trialCheckpointsKey(trial.id)}/`),
    ...trainKeys.flatMap((key) => [`${modelKeyOf(trainer, key)}/`, `${trainingCheckpointsKey(trainer, key)}/`]),
  ];
  for (let at = 0; at < prefixes.length; at += PARALLEL_DELETES) await Promise.all(prefixes.slice(at, at + PARALLEL_DELETES).map((prefix) => files.artifacts.deletePrefix(prefix)));
  const dirs = [searchWorkDir(files.dataDir, search.id), ...trainKeys.flatMap((key) => [trainingWorkDir(files.dataDir, trainer, key), localModelDirOf(files.dataDir, trainer, key)])];
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
