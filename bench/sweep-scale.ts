/**
 * Sweep at scale: a random search of no-op synthetic trials, sampled at each block of trials: throughput,
 * the resident memory of every process of the stack, the heap of the workers' process and the history
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
import { noopRandomSearch } from './noop-search';
import { descendants, rssMb } from './process-memory';
import { fixed, markdownTable } from './stats';

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
  rss: number[];
  heapMb: number;
  historyLength: number;
  maxHistoryLength: number;
  load: number;
}
const samples: Sample[] = [
  {
    finished: 0,
    atMs: performance.now(),
    rss: processes.map((p) => rssMb(p.pid)),
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    historyLength: 0,
    maxHistoryLength: 0,
    load: os.loadavg()[0]!,
  },
];
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
  if (finished >= samples.length * block || (finished === trials && samples.at(-1)!.finished < trials)) {
    samples.push({
      finished,
      atMs: performance.now(),
      rss: processes.map((p) => rssMb(p.pid)),
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      historyLength,
      maxHistoryLength,
      load: os.loadavg()[0]!,
    });
    maxHistoryLength = 0;
    const last = samples.at(-1)!;
    console.warn(`${finished} trials finished, ${fixed((last.atMs - samples[0]!.atMs) / 1000)} s`);
  }
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

const blocks = samples.slice(1).map((sample, i) => {
  const previous = samples[i]!;
  return { sample, perSecond: ((sample.finished - previous.finished) / (sample.atMs - previous.atMs)) * 1000, previous };
});
const first = blocks[0]?.perSecond ?? Number.NaN;
console.log(
  `\nSweep at scale: ${trials} no-op synthetic trials, random search, parallelism ${parallelism}, ${runtime.database.kind}, embedded Temporal dev server, ${os.cpus().length} cores\n`,
);
console.log(
  markdownTable(
    [
      'trials',
      'seconds',
      'trials/s',
      'ratio to first',
      ...processes.map((p) => `${p.name} RSS MB`),
      'workers heap MB',
      'history events (current run / max in block)',
      'load avg',
    ],
    [
      ['0', '-', '-', '-', ...samples[0]!.rss.map((mb) => fixed(mb)), fixed(samples[0]!.heapMb), '-', fixed(samples[0]!.load, 2)],
      ...blocks.map(({ sample, perSecond, previous }) => [
        `${previous.finished}–${sample.finished}`,
        fixed((sample.atMs - previous.atMs) / 1000),
        fixed(perSecond),
        fixed(perSecond / first, 2),
        ...sample.rss.map((mb) => fixed(mb)),
        fixed(sample.heapMb),
        `${sample.historyLength} / ${sample.maxHistoryLength}`,
        fixed(sample.load, 2),
      ]),
    ],
  ),
);
const exact = stored.total === trials && stored.distinct === trials && Number(stored.low) === 0 && Number(stored.high) === trials - 1;
console.log(
  `\nsearch ${status}; ${runs} workflow runs (continue-as-new); overall ${fixed((trials / (samples.at(-1)!.atMs - samples[0]!.atMs)) * 1000)} trials/s`,
);
console.log(
  `ordinals: ${stored.total} trials, ${stored.distinct} distinct ordinals from ${stored.low} to ${stored.high}, ${stored.succeeded} succeeded: ${exact ? `every ordinal 0..${trials - 1} exactly once` : 'NOT every ordinal exactly once'}`,
);

await stop();
await database?.close();
if (!exact) process.exitCode = 1;
