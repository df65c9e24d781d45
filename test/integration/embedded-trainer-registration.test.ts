import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeys } from '../../src/api/auth';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { exampleTrainer, useTestStack } from '../support/stack';
import { until } from '../support/until';

interface ListedTrainer {
  name: string;
  builtIn: boolean;
  staged: boolean;
  taskQueue: string;
  workers: { worker: string; taskQueue: string }[];
}

describe('the trainers of an embedded trial worker (PGlite, Temporal dev server)', () => {
  const stack = useTestStack('pglite', {
    apiKeys: parseApiKeys(`alice:${hashApiKey('alice-secret')}`, []),
    // a trainer of the same file for the workers of another queue (GPU workers, say): this one leaves it alone
    trainers: createTrainerRegistry([exampleTrainer, { ...exampleTrainer, name: 'gpu-only', taskQueue: 'hpsearch-gpu' }]),
  });
  const alice = { authorization: 'Bearer alice-secret' };
  /** useTestStack names its worker and queues after one suffix. */
  const workerName = () => `test-${stack().taskQueues.trials.slice('trials-'.length)}`;

  it('are registered the same way: GET /v1/trainers (a read that needs a key) lists the built-ins and the command trainer with this worker, not the one for another queue', async () => {
    const { app, taskQueues } = stack();
    expect((await app!.inject({ method: 'GET', url: '/v1/trainers' })).statusCode).toBe(401);
    const answer = await app!.inject({ method: 'GET', url: '/v1/trainers', headers: alice });
    expect(answer.statusCode, answer.body).toBe(200);
    const items: ListedTrainer[] = answer.json().items;
    const exampleQueue = `${taskQueues.trials}.example`;
    expect(items.map((t) => [t.name, t.builtIn, t.staged, t.taskQueue, t.workers.map((w) => [w.worker, w.taskQueue])])).toEqual([
      ['example', false, false, exampleQueue, [[workerName(), exampleQueue]]],
      ['nsmc', true, true, taskQueues.trials, [[workerName(), taskQueues.trials]]],
      ['synthetic', true, false, taskQueues.trials, [[workerName(), taskQueues.trials]]],
    ]);
  });

  it("sends the command trainer's trials to its own queue, where this worker takes them", async () => {
    const { app, client, taskQueues } = stack();
    const created = await app!.inject({
      method: 'POST',
      url: '/v1/searches',
      headers: alice,
      payload: {
        objective: { metric: 'eval_accuracy', goal: 'maximize' },
        algorithm: 'random',
        budget: { maxTrials: 1 },
        trainer: { name: 'example' },
        space: { learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true } },
        fixed: { num_train_epochs: 1, steps_per_epoch: 2 },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, workflowId } = created.json();
    const statusOf = async () => (await app!.inject({ method: 'GET', url: `/v1/searches/${id}`, headers: alice })).json().status;
    await until(async () => ['succeeded', 'failed', 'cancelled'].includes(await statusOf()), 60_000, `search ${id} to end`);
    expect(await statusOf()).toBe('succeeded');
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const trialQueues = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'runTrial')
      .map((a) => a!.taskQueue?.name);
    expect(trialQueues).toEqual([`${taskQueues.trials}.example`]);
  });
});
