import { describe, expect, it } from 'vitest';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';

describe('early stopping through the API', () => {
  const stack = useTestStack('pglite', { trialConcurrency: 2 });

  it.each([
    ['median', { type: 'median', warmupSteps: 4, minTrials: 3 }],
    ['asha', { type: 'asha', minResource: 4, reductionFactor: 2 }],
  ])('%s pruner stops hopeless trials as pruned with the step they stopped at', async (_name, pruner) => {
    const app = stack().app!;
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      seed: 2,
      budget: { parallelism: 1 },
      trainer: { name: 'synthetic' },
      // grid order is ascending: good learning rates first, then ever larger, worse ones whose losses stay above the peers'
      space: { learning_rate: { type: 'float', values: [1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3] } },
      fixed: { steps: 24, duration_ms: 1_200 },
      pruner,
    });
    const done = await waitForSearch(app, id, ['succeeded', 'failed'], 120_000);
    expect(done.status).toBe('succeeded');
    const trials = await allTrials(app, id);
    const pruned = trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(trials.slice(0, 2).map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    for (const trial of pruned) {
      expect(trial.prunedAtStep).toBeGreaterThanOrEqual(4);
      expect(trial.prunedAtStep).toBeLessThan(24);
      expect(trial.error).toMatch(/^pruned at step \d+/);
      expect(trial.objective).toBeNull();
      const { curve } = await getJson(app, `/v1/trials/${trial.id}`);
      expect(Math.max(...curve.map((p: { step: number }) => p.step))).toBeLessThan(24);
    }
    expect((await getJson(app, `/v1/searches/${id}/trials?status=pruned`)).items).toHaveLength(pruned.length);
    expect(done.progress.pruned).toBe(pruned.length);
  }, 150_000);
});
