/**
 * Read latency against search size: one finished search of N trials (and 50 small ones) per database, the
 * API alone over it in a process of its own, each read endpoint driven at a fixed rate, full answers read
 * afresh (the answer cache off) and, for the reads it serves, from the answer cache, beside the floor of
 * a bare route sending the same bytes; on PGlite and, given a server, PostgreSQL.
 *   npm run bench:api-scale [-- --sizes 1000,10000,100000 --seconds 10 --postgres postgres://…]
 */
import { parseArgs } from 'node:util';
import type { Backend } from './api-scale/databases';
import { drive, type Load, type Measured } from './api-scale/drive';
import { startSeededApi } from './api-scale/seeded-api';
import { fixed, markdownTable } from './stats';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    rate: { type: 'string', default: '500' },
    connections: { type: 'string', default: '16' },
    postgres: { type: 'string', default: process.env.TEST_DATABASE_URL },
  },
});
const sizes = args.sizes.split(',').map(Number);
const seconds = Number(args.seconds);
const load: Load = { rate: Number(args.rate), connections: Number(args.connections) };
const backends: Backend[] = [{ kind: 'pglite' }, ...(args.postgres ? [{ kind: 'postgres' as const, adminUrl: args.postgres }] : [])];

interface Endpoint {
  name: string;
  /** The API without its answer cache, the API with it, or the floor server. */
  server: 'uncached' | 'cached' | 'floor';
  path(searchId: string): string;
  /** Polls with the ETag of the first answer: 304s. */
  conditional?: true;
}
const cacheable: Omit<Endpoint, 'server'>[] = [
  { name: 'GET /v1/searches/:id', path: (id) => `/v1/searches/${id}` },
  { name: 'GET /v1/searches/:id/best', path: (id) => `/v1/searches/${id}/best` },
  { name: 'GET /v1/searches/:id/trials?sort=objective&limit=10', path: (id) => `/v1/searches/${id}/trials?sort=objective&limit=10` },
];
const endpoints: Endpoint[] = [
  { name: "floor: a bare route sending the search's answer", server: 'floor', path: () => '/' },
  ...cacheable.flatMap((endpoint): Endpoint[] => [
    { ...endpoint, server: 'uncached' },
    { ...endpoint, name: `${endpoint.name}, cached`, server: 'cached' },
  ]),
  { name: 'GET /v1/searches?limit=20', server: 'uncached', path: () => '/v1/searches?limit=20' },
  { name: 'GET /v1/searches/:id, If-None-Match (304)', server: 'uncached', path: (id) => `/v1/searches/${id}`, conditional: true },
];

/** What a request of `endpoint` sends and expects: a full answer, or a 304 to the ETag of the first one. */
async function requestOf(url: string, endpoint: Endpoint): Promise<{ status: number; headers: Record<string, string> }> {
  if (!endpoint.conditional) return { status: 200, headers: {} };
  const etag = (await fetch(url)).headers.get('etag');
  if (etag === null) throw new Error(`${url} sent no ETag`);
  return { status: 304, headers: { 'if-none-match': etag } };
}

/** Measured results by backend, endpoint and size. */
const results = new Map<string, Measured>();
const keyOf = (backend: Backend['kind'], endpoint: Endpoint, size: number) => `${backend} ${endpoint.name} ${size}`;

for (const backend of backends) {
  for (const size of sizes) {
    const api = await startSeededApi(backend, size);
    try {
      for (const endpoint of endpoints) {
        const url = `${api[endpoint.server]}${endpoint.path(api.searchId)}`;
        const request = await requestOf(url, endpoint);
        await drive(url, load, Number(args.warmup), request);
        results.set(keyOf(backend.kind, endpoint, size), await drive(url, load, seconds, request));
      }
    } finally {
      await api.stop();
    }
  }
}

const label = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const;
const p99 = (backend: Backend['kind'], endpoint: Endpoint, size: number) => results.get(keyOf(backend, endpoint, size))!.p99;
const ratio = (a: number, b: number) => fixed(a / b, 2);

console.log(`\nRead latency by search size: ${load.rate} req/s sent evenly spaced (latency from when each was due) over at most ${load.connections} connections, ${seconds} s per row after ${args.warmup} s of warm-up; latencies in ms; cached: the answer cache on, which sends an unchanged search's answer kept from an earlier read; wrong status: answers other than 200 (304 for If-None-Match); errors: failed or timed-out requests\n`);
for (const backend of backends) {
  console.log(`${label[backend.kind]}\n`);
  const rows = endpoints.flatMap((endpoint) =>
    sizes.map((size) => {
      const m = results.get(keyOf(backend.kind, endpoint, size))!;
      return [endpoint.name, size, fixed(m.achieved), fixed(m.p50, 2), fixed(m.p99, 2), fixed(m.max, 2), m.wrongStatus, m.errors];
    }),
  );
  console.log(markdownTable(['endpoint', 'trials', 'req/s', 'p50', 'p99', 'max', 'wrong status', 'errors'], rows));
  console.log('');
}

const [smallest, largest] = [Math.min(...sizes), Math.max(...sizes)];
console.log(`p99 at ${largest} trials / p99 at ${smallest}\n`);
console.log(markdownTable(['endpoint', ...backends.map((b) => label[b.kind])], endpoints.map((e) => [e.name, ...backends.map((b) => ratio(p99(b.kind, e, largest), p99(b.kind, e, smallest)))])));
if (backends.length === 2) {
  console.log(`\nPGlite p99 / PostgreSQL p99 at ${largest} trials\n`);
  console.log(markdownTable(['endpoint', 'PGlite p99', 'PostgreSQL p99', 'ratio'], endpoints.map((e) => [e.name, fixed(p99('pglite', e, largest), 2), fixed(p99('postgres', e, largest), 2), ratio(p99('pglite', e, largest), p99('postgres', e, largest))])));
}
