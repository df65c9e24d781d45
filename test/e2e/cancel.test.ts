import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { allTrials, getJson, jsonType, postSearch, waitForSearch } from '../support/api';
import { processesWithEnvMarker } from '../support/processes';
import { exampleTrainer, startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

const marker = `HPSEARCH_CANCEL_TEST_${randomUUID().replace(/-/g, '')}`;

describe('cancelling a sweep', () => {
  let stack: TestStack;
  beforeAll(async () => {
    const trainers = createTrainerRegistry([{ ...exampleTrainer, env: { [marker]: '1' } }]);
    stack = await startTestStack('pglite', { trainers });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('stops running trainers with their whole process tree and starts no further trials', async () => {
    const { id } = await postSearch(stack.app!, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'random',
      budget: { maxTrials: 12, parallelism: 3 },
      trainer: { name: 'example' },
      space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
      fixed: { num_train_epochs: 10, steps_per_epoch: 20, sleep_seconds: 0.2, dataloader_workers: 2 },
    });
    await until(async () => (await getJson(stack.app!, `/v1/searches/${id}`)).progress.running === 3, 30_000, '3 running trials');
    // each trial: the python trainer and its 2 dataloader children
    await until(() => processesWithEnvMarker(marker).length >= 9, 30_000, 'trainer process trees');

    const cancel = await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType });
    expect(cancel.statusCode).toBe(202);
    const cancelled = await waitForSearch(stack.app!, id, ['cancelled', 'succeeded', 'failed'], 30_000);
    expect(cancelled.status).toBe('cancelled');
    expect(processesWithEnvMarker(marker)).toEqual([]);

    const trials = await allTrials(stack.app!, id);
    expect(trials).toHaveLength(3);
    expect(trials.every((t) => t.status === 'cancelled')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await allTrials(stack.app!, id)).toHaveLength(3);
    expect(processesWithEnvMarker(marker)).toEqual([]);

    const again = await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType });
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('cancelled');
  });
});
