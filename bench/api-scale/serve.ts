/**
 * The API over a freshly seeded database, in a process of its own as the service is, so that the load
 * generator does not share its event loop: twice, with the answer cache and without it, and beside them
 * the floor server sending the search's answer. Forked by seeded-api.ts: argv is the backend (JSON) and
 * the size; it sends its `SeededApiUrls` once they listen, and closes all and drops the database on any message.
 */
import { defaultLimits } from '../../src/api/deps';
import { openBenchDatabase, type Backend } from './databases';
import { startFloorServer } from './floor';
import { startReadApi } from './read-api';
import { seed } from './seed';
import type { SeededApiUrls } from './seeded-api';

const backend = JSON.parse(process.argv[2]!) as Backend;
const trials = Number(process.argv[3]);
const { database, dataDir, drop } = await openBenchDatabase(backend);
const seeding = Date.now();
const searchId = await seed(database.db, { trials, others: 50, othersTrials: 20 });
console.warn(`${backend.kind}: seeded ${trials} trials and 50 other searches in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
const uncached = await startReadApi(database, dataDir, 0);
const cached = await startReadApi(database, dataDir, defaultLimits.answerCacheBytes);
const floor = await startFloorServer(await (await fetch(`${uncached.url}/v1/searches/${searchId}`)).text());
const urls: SeededApiUrls = { uncached: uncached.url, cached: cached.url, floor: floor.url, searchId };
process.send!(urls);
process.once('message', () => {
  void Promise.all([uncached.close(), cached.close(), floor.close()])
    .then(drop)
    .then(() => process.disconnect());
});
