/**
 * Load run on loopback: mixed reads (search, best, trials page) and writes (new searches) against the
 * embedded stack in one process, with autocannon.   npm run bench:load [-- --seconds 60 --connections 16]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startBenchStack } from './embedded-stack';
import { shortRandomSearch } from './search-specs';
import { fixed, markdownTable } from './stats';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '16' } } });
const { runtime, stop } = await startBenchStack('load', { api: { port: 0, host: '127.0.0.1', logLevel: 'warn' } });
const url = runtime.url!;

const spec = (maxTrials: number) => shortRandomSearch(maxTrials, 2);
const seeded = (await (await fetch(`${url}/v1/searches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec(60)) })).json()) as { id: string };
while (((await (await fetch(`${url}/v1/searches/${seeded.id}`)).json()) as { status: string }).status !== 'succeeded') await new Promise((r) => setTimeout(r, 200));

const read = (p: string) => ({ method: 'GET' as const, path: p });
const requests = [
  read(`/v1/searches/${seeded.id}/best`),
  read(`/v1/searches/${seeded.id}/trials?limit=20&sort=objective`),
  read(`/v1/searches/${seeded.id}`),
  read(`/v1/searches/${seeded.id}/best`),
  read(`/v1/searches/${seeded.id}/trials?limit=20&status=succeeded`),
  read('/v1/searches?limit=10'),
  read(`/v1/searches/${seeded.id}/best`),
  read(`/v1/searches/${seeded.id}/trials?limit=50`),
  read(`/v1/searches/${seeded.id}`),
  { method: 'POST' as const, path: '/v1/searches', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec(2)) },
];

const result = await autocannon({ url, connections: Number(args.connections), duration: Number(args.seconds), requests });
const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}: ${count}`).join(', ');
console.log(`\nLoad run: ${args.seconds} s, ${args.connections} connections, 9 reads (best, trials pages, search, list) : 1 write (new search), ${runtime.database.kind}\n`);
console.log(
  markdownTable(
    ['requests', 'throughput (req/s)', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'errors', 'non-2xx', 'timeouts', 'status codes'],
    [[result.requests.total, fixed(result.requests.average), fixed(result.latency.p50), fixed(result.latency.p99), fixed(result.latency.max), result.errors, result.non2xx, result.timeouts, statuses]],
  ),
);
await stop();
