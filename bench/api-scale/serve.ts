/**
 * The API over a freshly seeded database, in a process of its own as the service is, so that the load
 * generator does not share its event loop. Forked by seeded-api.ts: argv is the backend (JSON) and the
 * size; it sends `{ url, searchId }` once it listens, and closes and drops the database on any message.
 */
import { openBenchDatabase, type Backend } from './databases';
import { startReadApi } from './read-api';
import { seed } from './seed';

const backend = JSON.parse(process.argv[2]!) as Backend;
const trials = Number(process.argv[3]);
const { database, dataDir, drop } = await openBenchDatabase(backend);
const seeding = Date.now();
const searchId = await seed(database.db, { trials, others: 50, othersTrials: 20 });
console.warn(`${backend.kind}: seeded ${trials} trials and 50 other searches in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
const api = await startReadApi(database, dataDir);
process.send!({ url: api.url, searchId });
process.once('message', () => {
  void api
    .close()
    .then(drop)
    .then(() => process.disconnect());
});
