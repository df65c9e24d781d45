import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { expectCompleteSweep } from '../support/expected';
import { exampleTrainer, startTestStack, type TestStack } from '../support/stack';

describe('trainers that crash, hang without output, or print garbage', () => {
  let stack: TestStack;
  beforeAll(async () => {
    const faulty = {
      ...exampleTrainer,
      name: 'faulty',
      command: ['python3', path.resolve('test/fixtures/faulty_trainer.py')],
      parameters: { fault: { stage: 'train' as const, description: '' }, learning_rate: { stage: 'train' as const, description: '' } },
      metrics: ['eval_accuracy'],
      stallTimeoutMs: 1_500,
      killGraceMs: 200,
    };
    stack = await startTestStack('pglite', { trainers: createTrainerRegistry([faulty]), trialMaxAttempts: 2 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('records each as a final status and finishes the budget', async () => {
    const app = stack.app!;
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      budget: { parallelism: 4 },
      trainer: { name: 'faulty' },
      space: { fault: { type: 'categorical', values: ['ok', 'crash', 'hang', 'garbage'] }, learning_rate: { type: 'float', values: [0.01, 0.02] } },
    });
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 90_000);
    expect(done.status).toBe('succeeded');
    const trials = await allTrials(app, id);
    expect(expectCompleteSweep(trials, 8)).toBeUndefined();
    const byFault = (fault: string) => trials.filter((t) => t.params.fault === fault);
    expect(byFault('ok').map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    expect(byFault('garbage').map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    for (const crashed of byFault('crash')) expect(crashed).toMatchObject({ status: 'failed', error: expect.stringMatching(/code 139: Segmentation fault/) });
    for (const hung of byFault('hang')) expect(hung).toMatchObject({ status: 'failed', attempt: 2, error: expect.stringMatching(/printed nothing/) });
    expect((await getJson(app, `/v1/searches/${id}/best`)).params).toEqual({ fault: 'ok', learning_rate: 0.02 });
  }, 120_000);
});
