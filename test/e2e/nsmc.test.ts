import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ARTIFACT_MAX_BYTES, openArtifactStore } from '../../src/artifacts/index';
import { trainings } from '../../src/db/index';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';

describe('the nsmc trainer through the API: train once, evaluate many', () => {
  const stack = useTestStack('pglite', { trialConcurrency: 4 });

  it('runs a grid of 2 learning rates × 3 temperatures × 3 top-p values with exactly 2 trainings and 18 evaluations', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      seed: 3,
      budget: { parallelism: 4 },
      trainer: { name: 'nsmc' },
      space: {
        learning_rate: { type: 'float', values: [3e-3, 1e-2] },
        temperature: { type: 'float', values: [0, 0.7, 1.5] },
        top_p: { type: 'float', values: [0.5, 0.9, 1] },
      },
      fixed: { num_train_epochs: 1 },
    });
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 240_000);
    expect(done.status).toBe('succeeded');
    const trials = await allTrials(app, id);
    expect(trials).toHaveLength(18);
    expect(trials.every((t) => t.status === 'succeeded')).toBe(true);
    expect(trials.filter((t) => !t.trainingReused)).toHaveLength(2);
    expect(new Set(trials.map((t) => t.trainKey)).size).toBe(2);
    const keys = new Set(trials.map((t) => t.trainKey));
    const stored = (await stack().database.db.select().from(trainings)).filter((t) => keys.has(t.trainKey));
    expect(stored.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    // the models are in the artifact store (the stack's default: DATA_DIR/artifacts), named by model_uri
    const artifacts = openArtifactStore({ kind: 'fs', dir: path.join(stack().dataDir, 'artifacts'), maxBytes: DEFAULT_ARTIFACT_MAX_BYTES }, stack().database.db).store;
    const models = (await artifacts.list('models/nsmc/')).map((model) => model.key);
    expect(stored.map((t) => artifacts.keyOf(t.modelUri)).every((key) => models.includes(key))).toBe(true);
    // the stored model holds the model, not the checkpoints it was trained from
    const fetched = path.join(stack().dataDir, 'fetched-model');
    await artifacts.getDirectory(artifacts.keyOf(stored[0]!.modelUri), fetched);
    expect(readdirSync(fetched)).toContain('model.onnx');
    expect(readdirSync(fetched)).not.toContain('checkpoints');

    for (const key of keys) {
      const sameModel = trials.filter((t) => t.trainKey === key);
      expect(new Set(sameModel.map((t) => t.metrics.greedy_accuracy)).size).toBe(1);
      for (const greedy of sameModel.filter((t) => t.params.temperature === 0)) expect(greedy.metrics.eval_accuracy).toBe(greedy.metrics.greedy_accuracy);
    }
    const best = await getJson(app, `/v1/searches/${id}/best`);
    expect(best.objective).toBeGreaterThan(0.8);
    const trained = trials.find((t) => !t.trainingReused)!;
    expect((await getJson(app, `/v1/trials/${trained.id}`)).curve.length).toBeGreaterThan(100);
  }, 300_000);

  it('ends learning_rate 1.0 as diverged, not succeeded', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      seed: 1,
      trainer: { name: 'nsmc' },
      space: { learning_rate: { type: 'float', values: [1.0] } },
      fixed: { num_train_epochs: 1 },
    });
    await waitForSearch(app, id, ['succeeded', 'failed'], 120_000);
    const [trial] = await allTrials(app, id);
    expect(trial).toMatchObject({ status: 'diverged', error: expect.stringMatching(/loss/) });
  }, 150_000);
});
