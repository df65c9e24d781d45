/**
 * Orchestration overhead: no-op synthetic trials at parallelism 1 and 8 against the floor of a bare
 * Temporal activity round trip, all measured in one run on the same dev server and database.
 *   npm run bench:overhead [-- --trials 200]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { openDatabase, searchTrials } from '../src/db/index';
import { startDevServer } from '../src/temporal/dev-server';
import { installTemporalLogging } from '../src/temporal/logging';
import { startBenchStack } from './embedded-stack';
import { noopRandomSearch } from './search-specs';
import { fixed, markdownTable, quantile } from './stats';

const { values: args } = parseArgs({ options: { trials: { type: 'string', default: '200' } } });
const trials = Number(args.trials);

installTemporalLogging((line) => console.warn(line));
const { env } = await startDevServer({ cliPath: process.env.TEMPORAL_CLI_PATH, namespace: 'default' });
const database = await openDatabase({ pgliteMemory: true });
const { runtime, stop } = await startBenchStack('overhead', { database, temporal: { address: env.address }, trialConcurrency: 8 });
const app = runtime.app!;

async function measureFloor(n: number): Promise<number[]> {
  const connection = await NativeConnection.connect({ address: env.address });
  const worker = await Worker.create({
    connection,
    taskQueue: 'bench-floor',
    workflowsPath: fileURLToPath(new URL('./floor-workflow.ts', import.meta.url)),
    activities: { noop: async () => undefined },
  });
  const client = new Client({ connection: await Connection.connect({ address: env.address }) });
  const perTrip: number[] = [];
  await worker.runUntil(async () => {
    for (const size of [5, n]) {
      const started = performance.now();
      await client.workflow.execute('noopActivitiesWorkflow', { taskQueue: 'bench-floor', workflowId: `floor-${size}-${Date.now()}`, args: [size] });
      if (size === n) perTrip.push((performance.now() - started) / n);
    }
    // per-round-trip spread: many short workflows of 10 activities
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await client.workflow.execute('noopActivitiesWorkflow', { taskQueue: 'bench-floor', workflowId: `floor-spread-${i}-${Date.now()}`, args: [10] });
      perTrip.push((performance.now() - started) / 10);
    }
  });
  await connection.close();
  return perTrip;
}

async function runSweep(parallelism: number) {
  const started = performance.now();
  const response = await app.inject({
    method: 'POST',
    url: '/v1/searches',
    payload: noopRandomSearch(trials, parallelism),
  });
  const { id } = response.json<{ id: string }>();
  for (;;) {
    const search = (await app.inject({ method: 'GET', url: `/v1/searches/${id}` })).json<{ status: string }>();
    if (search.status !== 'running' && search.status !== 'queued') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const wallMs = performance.now() - started;
  const rows = (await searchTrials(database.db, id)).sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
  // per-trial cycle: time between consecutive completions, times the number of slots
  const cycles = rows.slice(1).map((row, i) => (row.finishedAt!.getTime() - rows[i]!.finishedAt!.getTime()) * parallelism);
  return { wallMs, cycles, done: rows.filter((r) => r.status === 'succeeded').length };
}

const floor = await measureFloor(trials);
const floorMedian = quantile(floor, 0.5);
const sequential = await runSweep(1);
const parallel = await runSweep(8);

const row = (label: string, run: Awaited<ReturnType<typeof runSweep>>) => {
  const median = quantile(run.cycles, 0.5);
  return [label, run.done, fixed(median), fixed(quantile(run.cycles, 0.95)), fixed((trials / run.wallMs) * 1000), fixed(median / floorMedian, 2)];
};
console.log(`\nOrchestration overhead, ${trials} no-op synthetic trials per sweep (PGlite, embedded Temporal dev server, one process)\n`);
console.log(
  markdownTable(
    ['run', 'trials done', 'per-trial overhead median (ms)', 'p95 (ms)', 'trials/s', 'median / floor'],
    [
      ['floor: bare activity round trip', '-', fixed(floorMedian), fixed(quantile(floor, 0.95)), fixed(1000 / floorMedian), '1.00'],
      row('sweep, parallelism 1', sequential),
      row('sweep, parallelism 8', parallel),
    ],
  ),
);
console.log('\nper-trial overhead = time between consecutive trial completions × parallelism (trainer time is 0)');

await stop();
await database.close();
await env.teardown();
