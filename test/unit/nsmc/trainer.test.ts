import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNsmcTrainer, nsmcTrainer } from '../../../src/trainers/nsmc/index';
import type { ProgressReport, Trainer, TrialContext } from '../../../src/trainers/types';
import type { Params } from '../../../src/search-spec/space';
import { firstReviews, writeNsmcFile } from './fixtures';

let scratch: string;
let trainer: Trainer;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'nsmc-trainer-'));
  const [train, test] = await Promise.all([firstReviews('train', 500), firstReviews('test', 300)]);
  trainer = createNsmcTrainer({ trainPath: await writeNsmcFile(scratch, 'train.tsv', train), testPath: await writeNsmcFile(scratch, 'test.tsv', test) });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function context(name: string, params: Params, signal = new AbortController().signal, reports: ProgressReport[] = []): TrialContext {
  return { searchId: 's', trialId: name, ordinal: 0, attempt: 1, params, trainParams: params, seed: 5, evaluationSeed: 5, workDir: path.join(scratch, name), processDir: path.join(scratch, 'trainer-pids'), signal, report: (r) => reports.push(r) };
}

describe('nsmcTrainer', () => {
  it('describes its parameters by stage and never takes data paths from trial parameters', () => {
    expect(nsmcTrainer.parameters.learning_rate?.stage).toBe('train');
    expect(nsmcTrainer.parameters.top_p?.stage).toBe('eval');
    expect(nsmcTrainer.parameters.temperature?.stage).toBe('eval');
    expect(nsmcTrainer.parameters.train_path).toBeUndefined();
    expect(nsmcTrainer.acceptsExtraParameters).toBe(false);
  });

  it('trains in a worker thread, reports every optimiser step and evaluates', async () => {
    const reports: ProgressReport[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const outcome = await trainer.run(context('trial', { hash_buckets: 4096, learning_rate: 0.02, num_train_epochs: 2 }, undefined, reports));
    clearInterval(ticker);
    expect(outcome.status).toBe('succeeded');
    expect(Object.keys(outcome.metrics).sort()).toEqual(['eval_accuracy', 'eval_loss', 'eval_on_gpu', 'greedy_accuracy', 'resumed_from_epoch', 'train_loss']);
    expect(outcome.metrics.resumed_from_epoch).toBe(0);
    expect([0, 1]).toContain(outcome.metrics.eval_on_gpu);
    expect(outcome.metrics.greedy_accuracy).toBeGreaterThan(0.6);
    expect(reports).toHaveLength(2 * 63);
    expect(ticks).toBeGreaterThan(5);
  });

  it('rejects parameters it does not know, such as data paths', async () => {
    const outcome = await trainer.run(context('bad', { train_path: '/etc/passwd' }));
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/train_path/) });
  });

  it('ends a trial as diverged when the loss blows up', async () => {
    const outcome = await trainer.run(context('diverging', { learning_rate: 1.0, hash_buckets: 4096 }));
    expect(outcome.status).toBe('diverged');
  });

  it('terminates the worker promptly when the trial is cancelled', async () => {
    const controller = new AbortController();
    const run = trainer.run(context('cancelled', { num_train_epochs: 50, hash_buckets: 4096 }, controller.signal, []));
    setTimeout(() => controller.abort(new Error('cancelled')), 300);
    const started = Date.now();
    await expect(run).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
