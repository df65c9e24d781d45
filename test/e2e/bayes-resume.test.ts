import { describe, expect, it } from 'vitest';
import { sweepWorkflowId } from '../../src/temporal/sweep-control';
import { allTrials, getJson, jsonType, postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';
import { until } from '../support/until';

const TRIALS = 16;
const spec = {
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'bayes',
  seed: 17,
  budget: { maxTrials: TRIALS, parallelism: 1 },
  trainer: { name: 'synthetic' },
  space: {
    learning_rate: { type: 'float', low: 1e-5, high: 5e-2, log: true },
    gradient_accumulation_steps: { type: 'int', values: [1, 2, 4, 8] },
    num_train_epochs: { type: 'int', low: 1, high: 6 },
    lr_scheduler_type: { type: 'categorical', values: ['constant', 'linear', 'cosine', 'cosine_with_restarts'] },
    temperature: { type: 'float', low: 0, high: 1.5 },
    top_p: { type: 'float', low: 0.5, high: 1 },
  },
  fixed: { steps: 2, duration_ms: 100 },
};

const sequence = (trials: any[]) => trials.map((t) => `${t.ordinal}:${t.status}:${JSON.stringify(t.params)}`);

describe('a bayes sweep killed and resumed halfway', () => {
  const stack = useTestStack('pglite');

  it('ends with the same trial sequence as an uninterrupted one', async () => {
    const app = stack().app!;
    const { id: interrupted } = await postSearch(app, spec);
    await until(async () => (await getJson(app, `/v1/searches/${interrupted}`)).progress.finished >= TRIALS / 2, 120_000, 'half the trials');
    await stack().client.workflow.getHandle(sweepWorkflowId(interrupted)).terminate('killed halfway');
    expect((await app.inject({ method: 'POST', url: `/v1/searches/${interrupted}/resume`, headers: jsonType })).statusCode).toBe(202);
    expect((await waitForSearch(app, interrupted, ['succeeded', 'failed'], 180_000)).status).toBe('succeeded');

    const { id: uninterrupted } = await postSearch(app, spec);
    expect((await waitForSearch(app, uninterrupted, ['succeeded', 'failed'], 180_000)).status).toBe('succeeded');

    const resumed = await allTrials(app, interrupted);
    expect(resumed).toHaveLength(TRIALS);
    expect(sequence(resumed)).toEqual(sequence(await allTrials(app, uninterrupted)));
    expect(new Set(resumed.map((t) => JSON.stringify(t.params))).size).toBe(TRIALS);
  }, 400_000);
});
