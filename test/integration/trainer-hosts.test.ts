import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainerHostPool, TrainerProcessCrashed, hostedTrainers } from '../../src/trainers/host/pool';
import { createTrainers } from '../fixtures/host-trainers';
import { RetryableTrainerError } from '../../src/trainers/attempt-errors';
import type { ProgressReport, TrialContext } from '../../src/trainers/types';
import { until } from '../support/until';

const workRoot = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-hosts-'));
const pool = new TrainerHostPool({ trainersModule: path.resolve('test/fixtures/host-trainers.ts'), heapLimitMb: 128, niceness: 7, unresponsiveMs: 3_000, maxPendingReports: 5_000 });
const trainers = hostedTrainers(createTrainers(), pool);
afterAll(async () => {
  await pool.stop();
  rmSync(workRoot, { recursive: true, force: true });
});

function context(name: string, params: TrialContext['params'], signal = new AbortController().signal) {
  const reports: ProgressReport[] = [];
  const logs: string[] = [];
  const ctx: TrialContext = {
    searchId: 's', trialId: name, ordinal: 0, attempt: 1, params, trainParams: params, seed: 3, evaluationSeed: 3,
    workDir: path.join(workRoot, name), processDir: path.join(workRoot, 'trainer-pids'), signal, report: (r) => reports.push(r), log: (line) => logs.push(line),
  };
  return { ctx, reports, logs };
}

const vmRssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

/** The longest the event loop of this process went unanswered while `work` ran. */
async function worstEventLoopDelay<T>(work: Promise<T>): Promise<{ delayMs: number; peakRssMb: number; result: PromiseSettledResult<T> }> {
  let last = performance.now();
  let delayMs = 0;
  let peakRssMb = vmRssMb();
  const ticker = setInterval(() => {
    const now = performance.now();
    delayMs = Math.max(delayMs, now - last - 10);
    peakRssMb = Math.max(peakRssMb, vmRssMb());
    last = now;
  }, 10);
  const [result] = await Promise.allSettled([work]);
  clearInterval(ticker);
  return { delayMs, peakRssMb, result };
}

describe('trainer hosts', () => {
  it('runs each host, and the processes its trainer starts, at the niceness it was given', async () => {
    const outcome = await trainers.get('niceness')!.run(context('niceness', {}).ctx);
    expect(outcome).toEqual({ status: 'succeeded', metrics: { host: 7, child: 7 } });
  });

  it('runs a trainer in a child process and streams its reports back', async () => {
    const { ctx, reports } = context('synthetic', { learning_rate: 3e-4, steps: 2500 });
    const outcome = await trainers.get('synthetic')!.run(ctx);
    expect(outcome.status).toBe('succeeded');
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
  }, 60_000);

  it("passes a trainer's output lines on in order, counting those it could not hold, and a retryable failure as one", async () => {
    const { ctx, logs } = context('chatter', {});
    const failure = await trainers.get('chatter')!.run(ctx).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RetryableTrainerError);
    expect((failure as Error).message).toBe('killed by something else');
    expect(logs).toEqual([...Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}`), '[… 15000 lines of output dropped: the worker fell behind …]', 'after the flood']);
  }, 60_000);

  it('runs the stages of a command trainer, passing its checkpoint messages back', async () => {
    const { ctx } = context('staged', { learning_rate: 0.2, steps: 9, checkpoint_every: 3, temperature: 1 });
    const checkpoints: string[] = [];
    const stages = trainers.get('staged')!.stages!;
    const modelDir = path.join(workRoot, 'staged-model');
    const trained = await stages.train({ ...ctx, checkpointSaved: (name) => checkpoints.push(name) }, modelDir);
    expect(trained.status).toBe('succeeded');
    expect(checkpoints).toEqual(['checkpoint-3', 'checkpoint-6', 'checkpoint-9']);
    const evaluated = await stages.evaluate(ctx, modelDir, trained.metrics);
    expect(evaluated.metrics).toMatchObject({ train_loss: trained.metrics.train_loss, eval_accuracy: expect.any(Number) });
  }, 60_000);

  it('a trainer that allocates without bound fails alone: out of memory in its host, this process stays responsive and small', async () => {
    const rssBefore = vmRssMb();
    const { ctx } = context('hog', {});
    const { delayMs, peakRssMb, result } = await worstEventLoopDelay(trainers.get('hog')!.run(ctx));
    expect(result.status).toBe('rejected');
    const error = (result as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(TrainerProcessCrashed);
    expect(error.message).toMatch(/out of memory \(heap limit 128 MB\)/);
    expect(delayMs).toBeLessThan(100);
    expect(peakRssMb - rssBefore).toBeLessThan(100);
    // the next call gets a new host
    const again = context('after-hog', { learning_rate: 3e-4 });
    expect((await trainers.get('synthetic')!.run(again.ctx)).status).toBe('succeeded');
  }, 120_000);

  it('fails a trial whose trainer reports faster than the worker takes the reports, holding at most the ceiling', async () => {
    const { ctx, reports } = context('flood', {});
    const outcome = await trainers.get('flood')!.run(ctx);
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/faster than they could be stored: 5000 points were waiting/) });
    expect(reports.length).toBeGreaterThan(0);
  }, 60_000);

  it('kills a host whose trainer blocks its event loop', async () => {
    const started = Date.now();
    const { ctx } = context('block', {});
    const error = await trainers.get('block')!.run(ctx).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TrainerProcessCrashed);
    expect((error as Error).message).toMatch(/event loop was blocked for \d+ s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it('cancels a running trainer through its host', async () => {
    const controller = new AbortController();
    const { ctx, reports } = context('cancelled', { learning_rate: 3e-4, steps: 100, duration_ms: 60_000 }, controller.signal);
    const run = trainers.get('synthetic')!.run(ctx);
    await until(async () => reports.length > 0, 30_000, 'a first report');
    const started = Date.now();
    controller.abort(new Error('cancelled by the test'));
    await expect(run).rejects.toThrow('cancelled by the test');
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 60_000);
});
