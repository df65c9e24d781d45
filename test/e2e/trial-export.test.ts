import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticSweepYaml } from '../fixtures/synthetic-sweep';
import { allTrials, waitForSearch } from '../support/api';
import { hpsearch } from '../support/cli';
import { csvRecords } from '../support/csv';
import { databaseKinds } from '../support/databases';
import { useTestStack, type TestStack } from '../support/stack';

setFlagsFromString('--expose-gc');
/** A full collection, so that a heap sample counts what is live, not garbage waiting to be collected. */
const collectGarbage = runInNewContext('gc') as () => void;

/** Final metrics of each seeded trial: wide rows, so that a 10,000-trial export held in memory would show. */
const SEEDED_METRICS = 24;

const exportedColumns = ['createdAt', 'startedAt', 'finishedAt', 'durationSeconds', 'attempts', 'evaluations', 'trainingReused', 'error'];

async function submitFinished(stack: TestStack, yaml: string): Promise<string> {
  const created = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = created.json<{ id: string }>();
  await waitForSearch(stack.app!, id, ['succeeded'], 60_000);
  return id;
}

/**
 * Adds trials with ordinals from..to-1 beside a search's trial 0, as a large finished search holds them, in one statement:
 * every seventh has a parameter with a comma and quotes, every tenth failed with a two-line error and no objective.
 */
async function seedTrials(stack: TestStack, searchId: string, from: number, to: number): Promise<void> {
  await stack.database.db.execute(sql`
    insert into trials (id, search_id, ordinal, params, train_key, status, objective, metrics, error, attempt, created_at, started_at, finished_at)
    select gen_random_uuid(), first.search_id, g,
      first.params || jsonb_build_object('learning_rate', g * 1e-5, 'lr_scheduler_type', case when g % 7 = 0 then 'cosine, "restarts"' else 'linear' end),
      'seeded-' || g,
      case when g % 10 = 0 then 'failed' else 'succeeded' end,
      case when g % 10 = 0 then null else 0.5 + (g % 97) / 1000.0 end,
      (select jsonb_object_agg('metric_' || m, g * 1000 + m) from generate_series(0, ${SEEDED_METRICS - 1}::int) m),
      case when g % 10 = 0 then 'trainer exited with code 1: Traceback (most recent call last):' || chr(10) || '  raise ValueError("lr, too high")' || chr(10) || 'ValueError: lr, too high (#' || g || ')' end,
      1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:10.250Z'
    from generate_series(${from}::int, ${to - 1}::int) g, (select search_id, params from trials where search_id = ${searchId} and ordinal = 0) first`);
}

interface StreamedExport {
  rows: number;
  bytes: number;
  /** Most live memory (JS heap and the buffers outside it: PGlite's, the sockets') and RSS above what they were before the request, sampled every MiB received. */
  peakLiveMb: number;
  peakRssMb: number;
}

/** Downloads an export over HTTP, keeping nothing but counts, and samples the process's memory while it streams. */
async function streamExport(url: string): Promise<StreamedExport> {
  collectGarbage();
  const before = process.memoryUsage();
  const response = await fetch(url);
  expect(response.status).toBe(200);
  let bytes = 0;
  let rows = 0;
  let nextSample = 0;
  let peakLive = 0;
  let peakRss = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) rows++;
    if (bytes < nextSample) continue;
    nextSample = bytes + 2 ** 20;
    collectGarbage();
    const now = process.memoryUsage();
    peakLive = Math.max(peakLive, now.heapUsed + now.external - (before.heapUsed + before.external));
    peakRss = Math.max(peakRss, now.rss - before.rss);
  }
  return { rows, bytes, peakLiveMb: peakLive / 2 ** 20, peakRssMb: peakRss / 2 ** 20 };
}

const numberOrNull = (cell: string) => (cell === '' ? null : Number(cell));

describe.each(databaseKinds)('export of a search’s trials (%s)', (kind) => {
  const stack = useTestStack(kind);
  let url: string;
  let smallSearch: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-export-'));
    url = await stack().app!.listen({ port: 0, host: '127.0.0.1' });
    smallSearch = await submitFinished(stack(), syntheticSweepYaml({ name: 'export sweep', maxTrials: 6, parallelism: 3, durationMs: 50 }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a finished search exports every trial with its parameters, objective, final metrics and timings, as CSV and as JSON Lines', async () => {
    const listed = await allTrials(stack().app!, smallSearch);
    const csv = await fetch(`${url}/v1/searches/${smallSearch}/trials.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="search-${smallSearch}-trials.csv"`);
    const text = await csv.text();
    const parameters = ['param.gradient_accumulation_steps', 'param.learning_rate', 'param.lr_scheduler_type', 'param.num_train_epochs', 'param.temperature', 'param.top_p', 'param.duration_ms', 'param.steps'];
    expect(text.slice(0, text.indexOf('\r\n')).split(',')).toEqual(['ordinal', 'id', 'status', ...parameters, 'objective', 'metric.eval_accuracy', 'metric.eval_loss', 'metric.train_cost', 'metric.train_loss', ...exportedColumns]);

    const records = csvRecords(text);
    expect(records).toHaveLength(6);
    records.forEach((record, i) => {
      const trial = listed[i]!;
      expect(record).toMatchObject({ ordinal: String(trial.ordinal), id: trial.id, status: 'succeeded', attempts: '1', evaluations: '1', trainingReused: 'false', error: '' });
      expect(record['param.lr_scheduler_type']).toBe(trial.params.lr_scheduler_type);
      expect(Number(record['param.learning_rate'])).toBe(trial.params.learning_rate);
      expect(Number(record['param.steps'])).toBe(5);
      expect(numberOrNull(record.objective!)).toBe(trial.objective);
      expect(Number(record['metric.train_loss'])).toBe(trial.metrics.train_loss);
      expect([record.createdAt, record.startedAt, record.finishedAt]).toEqual([trial.createdAt, trial.startedAt, trial.finishedAt]);
      expect(Number(record.durationSeconds)).toBe((Date.parse(trial.finishedAt) - Date.parse(trial.startedAt)) / 1000);
    });

    const jsonl = await fetch(`${url}/v1/searches/${smallSearch}/trials.jsonl`);
    expect(jsonl.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(jsonl.headers.get('content-disposition')).toBe(`attachment; filename="search-${smallSearch}-trials.jsonl"`);
    const lines = (await jsonl.text()).split('\n');
    expect(lines.pop()).toBe('');
    const objects = lines.map((line) => JSON.parse(line));
    expect(objects.map((o) => o.id)).toEqual(listed.map((t) => t.id));
    expect(Object.keys(objects[0])).toEqual(['ordinal', 'id', 'status', 'params', 'objective', 'metrics', ...exportedColumns]);
    objects.forEach((object, i) => {
      const trial = listed[i]!;
      expect(Object.keys(object.params)).toEqual(parameters.map((name) => name.slice('param.'.length)));
      expect(object).toMatchObject({ ordinal: trial.ordinal, status: 'succeeded', params: trial.params, objective: trial.objective, metrics: trial.metrics, attempts: 1, evaluations: 1, trainingReused: false, error: null });
    });
  });

  it('streams 10,000 trials in flat memory: about what exporting 1,000 takes', async () => {
    const seeded = await submitFinished(stack(), syntheticSweepYaml({ name: 'export seeded', maxTrials: 1, parallelism: 1, durationMs: 0 }));
    await seedTrials(stack(), seeded, 1, 1_000);
    const small = await streamExport(`${url}/v1/searches/${seeded}/trials.csv`);
    await seedTrials(stack(), seeded, 1_000, 10_000);
    const large = await streamExport(`${url}/v1/searches/${seeded}/trials.csv`);
    const mb = (value: number) => value.toFixed(1);
    console.log(
      `export (${kind}), peak memory above the start: 1,000 trials ${mb(small.bytes / 2 ** 20)} MB CSV, live +${mb(small.peakLiveMb)} MB, RSS +${mb(small.peakRssMb)} MB; ` +
        `10,000 trials ${mb(large.bytes / 2 ** 20)} MB CSV, live +${mb(large.peakLiveMb)} MB, RSS +${mb(large.peakRssMb)} MB`,
    );
    // a record with a line break in its error is quoted: the header plus one line per trial plus the error's two extra lines per failed trial
    expect(small.rows).toBe(1 + 1_000 + 2 * 99);
    expect(large.rows).toBe(1 + 10_000 + 2 * 999);
    // built in memory at once (one batch of 10,000), the CSV took RSS +37 MB; streamed, a few MB
    expect(large.peakRssMb).toBeLessThan(small.peakRssMb + 24);
    expect(large.peakLiveMb).toBeLessThan(small.peakLiveMb + 16);

    const records = csvRecords(await (await fetch(`${url}/v1/searches/${seeded}/trials.csv`)).text());
    expect(records.map((r) => Number(r.ordinal))).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(records[70]).toMatchObject({ status: 'failed', objective: '', 'param.lr_scheduler_type': 'cosine, "restarts"', 'metric.metric_11': '70011', durationSeconds: '9.25' });
    expect(records[70]!.error).toBe('trainer exited with code 1: Traceback (most recent call last):\n  raise ValueError("lr, too high")\nValueError: lr, too high (#70)');
    // trial 0 ran for real: it has the synthetic trainer's metrics, not the seeded ones, and empty cells for those
    expect(records[0]).toMatchObject({ 'metric.metric_0': '', status: 'succeeded' });
    expect(Number(records[0]!['metric.eval_accuracy'])).toBeGreaterThan(0);
  });

  it('answers an unknown search 404 and a malformed id 400, as problem+json', async () => {
    const unknown = randomUUID();
    const missing = await fetch(`${url}/v1/searches/${unknown}/trials.csv`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, detail: `search ${unknown} does not exist` });
    const malformed = await fetch(`${url}/v1/searches/not-a-uuid/trials.jsonl`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: unknown[] }).errors).toEqual([{ in: 'params', field: 'id', message: 'must be a UUID' }]);
  });

  // the CLI only relays the API's bytes: once is enough
  it.runIf(kind === 'pglite')('hpsearch export writes CSV to stdout and JSON Lines to --output, exits 2 for an unknown search; hpsearch trials shows final metrics', async () => {
    const expected = await (await fetch(`${url}/v1/searches/${smallSearch}/trials.csv`)).text();
    const output = path.join(dir, `${kind}.jsonl`);
    const [toStdout, toFile, unknown, badFormat, sorted] = await Promise.all([
      hpsearch('export', smallSearch, '--url', url),
      hpsearch('export', smallSearch, '--format', 'jsonl', '--output', output, '--url', url),
      hpsearch('export', randomUUID(), '--output', path.join(dir, 'unknown.csv'), '--url', url),
      hpsearch('export', smallSearch, '--format', 'xlsx', '--url', url),
      hpsearch('trials', smallSearch, '--sort', 'metric:train_loss', '--order', 'desc', '--filter', 'train_loss:gt:-1', '--url', url),
    ]);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    expect(toStdout.stdout).toBe(expected);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(output, 'utf8')).toBe(await (await fetch(`${url}/v1/searches/${smallSearch}/trials.jsonl`)).text());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Not found \(HTTP 404\)/);
    expect(existsSync(path.join(dir, 'unknown.csv'))).toBe(false);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('must be csv or jsonl');

    // the trials table lists the final metrics besides the objective, here sorted by one the spec does not optimise
    expect(sorted.code, sorted.stderr).toBe(0);
    const [header, ...rows] = sorted.stdout.trim().split('\n').map((line) => line.split(/ {2,}/));
    expect(header!.slice(-3)).toEqual(['eval_loss', 'train_cost', 'train_loss']);
    expect(header).not.toContain('eval_accuracy');
    const losses = rows.map((row) => Number(row.at(-1)));
    expect(losses).toHaveLength(6);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
  });
});
