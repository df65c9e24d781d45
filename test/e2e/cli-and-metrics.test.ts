import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidSweepYaml, syntheticSweepYaml } from '../fixtures/synthetic-sweep';
import { getJson, waitForSearch } from '../support/api';
import { hpsearch } from '../support/cli';
import { scrapeMetrics, type MetricReader } from '../support/prometheus';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// One listening stack for both suites: starting one costs seconds.
let stack: TestStack;
let url: string;
let dir: string;
const specFile = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-cli-'));
  stack = await startTestStack('pglite');
  url = await stack.app!.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the hpsearch CLI against a running API', () => {

  it('submit --watch shows progress up to 20/20 and ends with the best trial', async () => {
    const run = await hpsearch('submit', specFile('sweep.yaml', syntheticSweepYaml({ name: 'cli sweep', maxTrials: 20, durationMs: 100 })), '--watch', '--interval', '200', '--url', url);
    expect(run.code, run.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex -- piped output must carry no carriage return or terminal escape
    expect(run.stdout).not.toMatch(/[\r\x1b]/);
    const id = run.stdout.match(/^submitted search ([0-9a-f-]{36})/)![1]!;
    const progress = run.stdout.split('\n').filter((line) => line.startsWith('['));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatch(/^\[#{24}\] 20\/20 100% {2}running 0 {2}failed 0 {2}best eval_accuracy=[\d.]+ \(#\d+\)$/);
    expect(run.stdout).toContain(`search ${id} succeeded`);

    const best = await getJson(stack.app!, `/v1/searches/${id}/best`);
    expect(run.stdout).toMatch(new RegExp(`best trial:\\ntrial +#${best.ordinal} +${best.id}\\nstatus +succeeded\\nobjective +eval_accuracy=${best.objective.toPrecision(6).replace(/0+$/, '').replace('.', '\\.')}`));

    const [status, trials, bestJson] = await Promise.all([
      hpsearch('status', id, '--url', url),
      hpsearch('trials', id, '--sort', 'objective', '--limit', '3', '--url', url),
      hpsearch('best', id, '--json', '--url', url),
    ]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^status +succeeded$/m);
    expect(trials.stdout.trim().split('\n')).toHaveLength(4);
    expect(trials.stdout.split('\n')[1]).toMatch(new RegExp(`^${best.ordinal} +succeeded`));
    expect(JSON.parse(bestJson.stdout)).toMatchObject({ id: best.id, objective: best.objective });
  });

  it('trainers lists the trainers on offer with the workers that run them', async () => {
    const [text, json] = await Promise.all([hpsearch('trainers', '--url', url), hpsearch('trainers', '--json', '--url', url)]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^nsmc +built-in, staged +trials-\S+ +\S+ +test-\S+$/m);
    expect(JSON.parse(json.stdout).map((t: { name: string }) => t.name)).toEqual(['example', 'nsmc', 'synthetic']);
  });

  it('cancel stops a sweep, and status then exits 1', async () => {
    const submitted = await hpsearch('submit', specFile('slow.yaml', syntheticSweepYaml({ name: 'cli slow', maxTrials: 50, parallelism: 2, durationMs: 20_000 })), '--json', '--url', url);
    expect(submitted.code, submitted.stderr).toBe(0);
    const { id } = JSON.parse(submitted.stdout);
    const cancel = await hpsearch('cancel', id, '--url', url);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain('cancel requested');
    await waitForSearch(stack.app!, id, ['cancelled'], 30_000);
    const status = await hpsearch('status', id, '--url', url);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^status +cancelled/m);
  });

  it('exits 2 on a spec the API rejects or bad arguments, and 3 when the server is unreachable', async () => {
    const [invalid, missingArgument, unknownId, unreachable] = await Promise.all([
      hpsearch('submit', specFile('invalid.yaml', invalidSweepYaml()), '--url', url),
      hpsearch('status', '--url', url),
      hpsearch('best', 'not-a-uuid', '--url', url),
      closedPort().then((port) => hpsearch('status', '00000000-0000-4000-8000-000000000000', '--url', `http://127.0.0.1:${port}`)),
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/Invalid request \(HTTP 400\)\n +space\.learning_rate\.low: log scale needs low > 0/);
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.stderr).toContain("missing required argument 'id'");
    expect(unknownId.code).toBe(2);
    expect(unknownId.stderr).toContain('id: must be a UUID');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/cannot reach the hpsearch API at http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('Prometheus metrics at /metrics', () => {
  it('count trials, queue depth, trial durations, suggestion and HTTP latency during and after a sweep', async () => {
    const before = await scrapeMetrics(stack.app!);
    const added = (after: MetricReader, name: string, labels?: Record<string, string>) => (after(name, labels) ?? 0) - (before(name, labels) ?? 0);
    const created = await stack.app!.inject({
      method: 'POST',
      url: '/v1/searches',
      headers: { 'content-type': 'application/yaml' },
      payload: syntheticSweepYaml({ name: 'metrics sweep', maxTrials: 12, parallelism: 4, durationMs: 300 }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();

    let during!: MetricReader;
    await until(async () => {
      during = await scrapeMetrics(stack.app!);
      return (during('hpsearch_trials', { status: 'running' }) ?? 0) > 0;
    }, 20_000, 'a running trial in /metrics');
    expect(during('hpsearch_queue_depth')).toBeGreaterThanOrEqual(during('hpsearch_trials', { status: 'running' })!);
    expect(during('hpsearch_queue_depth')).toBeLessThanOrEqual(4);

    await waitForSearch(stack.app!, id, ['succeeded'], 30_000);
    const after = await scrapeMetrics(stack.app!);
    expect(added(after, 'hpsearch_trials', { status: 'succeeded' })).toBe(12);
    expect(after('hpsearch_trials', { status: 'running' })).toBe(0);
    expect(after('hpsearch_queue_depth')).toBe(0);

    const durations = { trainer: 'synthetic', status: 'succeeded' };
    const trials = added(after, 'hpsearch_trial_duration_seconds_count', durations);
    expect(trials).toBe(12);
    const meanSeconds = added(after, 'hpsearch_trial_duration_seconds_sum', durations) / trials;
    expect(meanSeconds).toBeGreaterThanOrEqual(0.29);
    expect(meanSeconds).toBeLessThan(5);
    expect(added(after, 'hpsearch_trial_duration_seconds_bucket', { ...durations, le: '0.1' })).toBe(0);
    expect(added(after, 'hpsearch_trial_duration_seconds_bucket', { ...durations, le: '+Inf' })).toBe(12);

    expect(added(after, 'hpsearch_suggestion_duration_seconds_count', { algorithm: 'random' })).toBeGreaterThanOrEqual(3);
    expect(added(after, 'hpsearch_suggestion_duration_seconds_sum', { algorithm: 'random' })).toBeLessThan(1);

    expect(added(after, 'hpsearch_http_request_duration_seconds_count', { method: 'POST', route: '/v1/searches', status_code: '201' })).toBe(1);
    expect(added(after, 'hpsearch_http_request_duration_seconds_count', { method: 'GET', route: '/v1/searches/:id', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(added(after, 'hpsearch_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status_code: '200' })).toBeGreaterThanOrEqual(2);
    expect(after('process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});
