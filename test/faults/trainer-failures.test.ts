import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmbeddedService, type EmbeddedService } from '../support/service-process';
import { until } from '../support/until';

const trainersFile = {
  trainers: [
    {
      name: 'failing',
      command: ['python3', path.resolve('test/fixtures/failing_trainer.py')],
      parameters: { failure: { stage: 'train' }, learning_rate: { stage: 'train' } },
      metrics: ['eval_accuracy'],
      killGraceMs: 500,
    },
  ],
};

const spec = (failure: string) => ({
  name: failure,
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  trainer: { name: 'failing' },
  algorithm: 'random',
  budget: { maxTrials: 1 },
  space: { learning_rate: { type: 'float', low: 0.0001, high: 0.001 } },
  fixed: { failure },
});

/** `hpsearch start` with real trainer hosts, Temporal dev server and PGlite, running the failing trainer's three ways to end. */
describe('trainer failures, logs and metrics through the embedded service', () => {
  const embedded = useEmbeddedService('trainer-failures');
  let service: EmbeddedService;
  const api = (route: string) => fetch(`${service.url}${route}`);
  const json = async (route: string) => (await api(route)).json() as Promise<any>;
  const trials = new Map<string, any>();

  beforeAll(async () => {
    const trainersPath = path.join(embedded.dataDir, 'trainers.json');
    writeFileSync(trainersPath, JSON.stringify(trainersFile));
    service = await embedded.start({ TRAINERS_FILE: trainersPath, TRIAL_MAX_ATTEMPTS: '3', TRIAL_LOG_MAX_BYTES: String(256 * 1024) });
    const ids = new Map<string, string>();
    for (const failure of ['kill-once', 'kill-always', 'traceback', 'merge']) {
      const response = await fetch(`${service.url}/v1/searches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec(failure)) });
      expect(response.status).toBe(201);
      ids.set(failure, ((await response.json()) as { id: string }).id);
    }
    for (const [failure, id] of ids) {
      await until(async () => ['succeeded', 'failed'].includes((await json(`/v1/searches/${id}`)).status), 120_000, `the ${failure} search to end`);
      trials.set(failure, (await json(`/v1/searches/${id}/trials`)).items[0]);
    }
  }, 240_000);

  it('retries a trainer killed by SIGKILL after a checkpoint, and the retry resumes from it', async () => {
    const trial = trials.get('kill-once');
    expect(trial).toMatchObject({ status: 'succeeded', attempt: 2, error: null, metrics: { eval_accuracy: 0.9, resumed_from_step: 2, attempt: 2 } });
    const curve = (await json(`/v1/trials/${trial.id}`)).curve;
    expect(curve.map((point: { step: number }) => point.step)).toEqual([1, 2, 3, 4]);
    const logs = await (await api(`/v1/trials/${trial.id}/logs`)).text();
    expect(logs).toMatch(/^── attempt 1 ──\nattempt 1: starting from step 0\n(.*\n)*── attempt 2 ──\nattempt 2: starting from step 2\n/);
  });

  it('stops retrying a trainer killed every time at TRIAL_MAX_ATTEMPTS, each attempt with its own output', async () => {
    const trial = trials.get('kill-always');
    expect(trial).toMatchObject({ status: 'failed', attempt: 3 });
    expect(trial.error).toBe('trainer was killed by SIGKILL, a signal the worker did not send (the OOM killer, kill -9) (attempt 3 of 3)');
    const logs = await (await api(`/v1/trials/${trial.id}/logs`)).text();
    expect(logs).toBe([1, 2, 3].map((n) => `── attempt ${n} ──\nattempt ${n}: about to be killed\n`).join(''));
  });

  it('fails a Python exception after a flood of warnings at once, with the exception in its error and the whole output in its logs', async () => {
    const trial = trials.get('traceback');
    expect(trial).toMatchObject({ status: 'failed', attempt: 1 });
    expect(trial.error).toMatch(/^trainer exited with code 1: Traceback \(most recent call last\):\n/);
    expect(trial.error).toMatch(/in collate\n {4}return \{"input_ids": batch\["input_ids"\], "labels": batch\["label"\]\}\nKeyError: 'label'$/);
    expect(trial.error).not.toMatch(/Warning/);

    const response = await api(`/v1/trials/${trial.id}/logs?attempt=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const logs = await response.text();
    expect(logs.match(/FutureWarning: evaluation_strategy is deprecated/g)).toHaveLength(40);
    expect(logs).toContain('  warnings.warn(f"evaluation_strategy is deprecated, use eval_strategy instead (option {i})", FutureWarning)\n');
    expect(logs).toContain('WARNING:root:Some weights of the model checkpoint were not used when initializing (round 39)\n');
    expect(logs).toContain('stdout log line 39: loading shard 39 of 40\n');
    // stdout and stderr are two pipes: each keeps its order, the traceback comes last of stderr
    const stderrLines = logs.split('\n').filter((line) => !line.startsWith('stdout log line'));
    const traceback = stderrLines.slice(stderrLines.indexOf('Traceback (most recent call last):'));
    expect(traceback.slice(-3)).toEqual(['                                                       ~~~~~^^^^^^^^^', "KeyError: 'label'", '']);
    expect(traceback.slice(1, -3).every((line) => line.startsWith('  '))).toBe(true);
    // protocol messages are metrics, not log lines
    expect(logs).not.toContain('"step"');

    const cli = await promisify(execFile)(process.execPath, ['bin/hpsearch.js', 'logs', trial.id, '--attempt', '1', '--url', service.url]);
    expect(cli.stdout).toBe(logs);

    // the tail, and the whole output as a file to download
    const tail = await api(`/v1/trials/${trial.id}/logs?attempt=1&tail=2`);
    expect(await tail.text()).toBe(logs.split('\n').slice(-3).join('\n'));
    const download = await api(`/v1/trials/${trial.id}/logs?download=true`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="trial-${trial.id}.log"`);
    expect(await download.text()).toBe(`── attempt 1 ──\n${logs}`);

    const noSuchAttempt = await api(`/v1/trials/${trial.id}/logs?attempt=2`);
    expect(noSuchAttempt.status).toBe(404);
    expect(noSuchAttempt.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await noSuchAttempt.json()) as any).errors).toEqual([{ in: 'querystring', field: 'attempt', message: 'must be at most 1, the attempts this trial has started' }]);
    const badAttempt = await api(`/v1/trials/${trial.id}/logs?attempt=zero`);
    expect(badAttempt.status).toBe(400);
    expect(((await badAttempt.json()) as any).errors[0]).toMatchObject({ in: 'querystring', field: 'attempt' });
  });

  it('merges the metrics a trainer logs at the same step, and reads the ones asked for', async () => {
    const trial = trials.get('merge');
    expect(trial.status).toBe('succeeded');
    const { curve } = await json(`/v1/trials/${trial.id}`);
    expect(curve.map(({ step, epoch, values }: any) => ({ step, epoch, values }))).toEqual([
      { step: 10, epoch: 0.49, values: { loss: 0.1, learning_rate: 2e-4, eval_loss: 0.05, eval_accuracy: 0.6 } },
      { step: 20, epoch: 0.99, values: { loss: 0.05, learning_rate: 2e-4, eval_loss: 0.025, eval_accuracy: 0.7 } },
    ]);
    const named = await json(`/v1/trials/${trial.id}?names=loss,eval_accuracy`);
    expect(named.curve.map(({ step, values }: any) => ({ step, values }))).toEqual([
      { step: 10, values: { loss: 0.1, eval_accuracy: 0.6 } },
      { step: 20, values: { loss: 0.05, eval_accuracy: 0.7 } },
    ]);
    const tooMany = await api(`/v1/trials/${trial.id}?names=${Array.from({ length: 65 }, (_, i) => `m${i}`).join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0]).toMatchObject({ in: 'querystring', field: 'names' });
  });
});
