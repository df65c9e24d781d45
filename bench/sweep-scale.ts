/**
 * Sweep at scale: a random search of no-op synthetic trials, sampled at each block of trials: throughput,
 * the resident memory and CPU time per trial of every process of the stack, the heap of the workers' process and the history
 * length of the sweep's current workflow run; at the end, every ordinal must be stored exactly once.
 *   npm run bench:sweep-scale [-- --trials 100000 --block 10000 --parallelism 64 --postgres postgres://…]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/index';
import { trials as trialsTable } from '../src/db/schema/index';
import { sweepWorkflowId } from '../src/temporal/sweep-control';
import { startBenchStack } from './embedded-stack';
import { noopRandomSearch } from './search-specs';
import { cpuSeconds, descendants, rssMb } from './proc-stats';
import { fixed, markdownHeader, markdownRow } from './stats';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '100000' },
    block: { type: 'string', default: '10000' },
    parallelism: { type: 'string', default: '64' },
    postgres: { type: 'string' },
  },
});
const trials = Number(args.trials);
const block = Number(args.block);
const parallelism = Number(args.parallelism);
const POLL_MS = 1_000;

const database = args.postgres ? await openDatabase({ url: args.postgres }) : undefined;
const { runtime, stop } = await startBenchStack('sweep-scale', { trialConcurrency: parallelism, ...(database ? { database } : {}) });
const app = runtime.app!;

/** The processes whose memory matters: this one (API, sweep and trial workers) and the servers it started. */
const processes = [
  { name: 'workers', pid: process.pid },
  ...descendants(process.pid).flatMap(({ pid, command }) => {
    if (command.includes('pglite-server-process')) return [{ name: 'pglite', pid }];
    if (command.includes('start-dev')) return [{ name: 'temporal', pid }];
    return [];
  }),
];

const created = await app.inject({ method: 'POST', url: '/v1/searches', payload: noopRandomSearch(trials, parallelism) });
if (created.statusCode !== 201) throw new Error(`creating the search: ${created.statusCode} ${created.body}`);
const { id } = created.json<{ id: string }>();
const workflowId = sweepWorkflowId(id);
const sweep = runtime.client.workflow.getHandle(workflowId);

interface Sample {
  finished: number;
  atMs: number;
  historyLength: number;
  maxHistoryLength: number;
  cpu: number[];
}
const cpu = () => processes.map((p) => cpuSeconds(p.pid));
const memory = () => [...processes.map((p) => fixed(rssMb(p.pid))), fixed(process.memoryUsage().heapUsed / 2 ** 20)];

console.log(
  `\nSweep at scale: ${trials} no-op synthetic trials, random search, parallelism ${parallelism}, ${runtime.database.kind}, embedded Temporal dev server, ${os.cpus().length} cores\n`,
);
// rows are printed as blocks end, so a run stopped early keeps what it measured
console.log(
  markdownHeader([
    'trials',
    'seconds',
    'trials/s',
    'ratio to first',
    ...processes.map((p) => `${p.name} RSS MB`),
    'workers heap MB',
    'history events (current run / max in block)',
    ...processes.map((p) => `${p.name} CPU ms/trial`),
    'load avg',
  ]),
);
const started: Sample = { finished: 0, atMs: performance.now(), historyLength: 0, maxHistoryLength: 0, cpu: cpu() };
console.log(markdownRow(['0', '-', '-', '-', ...memory(), '-', ...processes.map(() => '-'), fixed(os.loadavg()[0]!, 2)]));
let previous = started;
let firstPerSecond: number | undefined;
let maxHistoryLength = 0;
let status = 'queued';
while (status === 'queued' || status === 'running') {
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const search = (await app.inject({ method: 'GET', url: `/v1/searches/${id}` })).json<{
    status: string;
    progress: { finished: number };
  }>();
  const { historyLength } = await sweep.describe();
  maxHistoryLength = Math.max(maxHistoryLength, historyLength);
  status = search.status;
  const { finished } = search.progress;
  if (finished < previous.finished + block && !(finished === trials && previous.finished < trials)) continue;
  const sample: Sample = { finished, atMs: performance.now(), historyLength, maxHistoryLength, cpu: cpu() };
  const perSecond = ((sample.finished - previous.finished) / (sample.atMs - previous.atMs)) * 1000;
  firstPerSecond ??= perSecond;
  console.log(
    markdownRow([
      `${previous.finished}–${finished}`,
      fixed((sample.atMs - previous.atMs) / 1000),
      fixed(perSecond),
      fixed(perSecond / firstPerSecond, 2),
      ...memory(),
      `${historyLength} / ${maxHistoryLength}`,
      ...sample.cpu.map((seconds, i) => fixed(((seconds - previous.cpu[i]!) / (finished - previous.finished)) * 1000)),
      fixed(os.loadavg()[0]!, 2),
    ]),
  );
  previous = sample;
  maxHistoryLength = 0;
}

let runs = 0;
for await (const run of runtime.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) if (run.workflowId === workflowId) runs++;
const stored = (
  await runtime.database.db
    .select({
      total: sql<number>`count(*)::int`,
      distinct: sql<number>`count(DISTINCT ${trialsTable.ordinal})::int`,
      low: sql<number | null>`min(${trialsTable.ordinal})`,
      high: sql<number | null>`max(${trialsTable.ordinal})`,
      succeeded: sql<number>`(count(*) FILTER (WHERE ${trialsTable.status} = 'succeeded'))::int`,
    })
    .from(trialsTable)
    .where(eq(trialsTable.searchId, id))
)[0]!;

const exact = stored.total === trials && stored.distinct === trials && Number(stored.low) === 0 && Number(stored.high) === trials - 1;
console.log(
  `\nsearch ${status}; ${runs} workflow runs (continue-as-new); overall ${fixed((previous.finished / (previous.atMs - started.atMs)) * 1000)} trials/s`,
);
console.log(
  `ordinals: ${stored.total} trials, ${stored.distinct} distinct ordinals from ${stored.low} to ${stored.high}, ${stored.succeeded} succeeded: ${exact ? `every ordinal 0..${trials - 1} exactly once` : 'NOT every ordinal exactly once'}`,
);

await stop();
await database?.close();
if (!exact) process.exitCode = 1;
