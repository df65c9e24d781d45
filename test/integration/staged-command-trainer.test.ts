import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { trainings } from '../../src/db/index';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';
import { stagedRuns, stagedTrainer } from '../fixtures/staged-trainer';
import { evaluationSeed } from '../../src/search-spec/trial-seed';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-staged-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const runsFile = path.join(scratch, 'runs.jsonl');

describe('a command trainer with stages through the API', () => {
  // extra parameters allowed: `top_k` is one, which the spec puts in the eval stage
  const stack = useTestStack('pglite', { trainers: createTrainerRegistry([{ ...stagedTrainer(runsFile), acceptsExtraParameters: true }]), trialConcurrency: 6 });

  it('runs a grid of 2 train configurations × 4 eval configurations with exactly 2 trainings and 8 evaluations', async () => {
    const app = stack().app!;
    const offered = await getJson(app, '/v1/trainers');
    expect(offered.items.find((t: { name: string }) => t.name === 'staged')).toMatchObject({ staged: true });
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      seed: 7,
      budget: { parallelism: 6 },
      trainer: { name: 'staged' },
      space: { learning_rate: { type: 'float', values: [0.1, 0.3] }, temperature: { type: 'float', values: [0, 1] }, top_k: { type: 'int', values: [1, 2], stage: 'eval' } },
      fixed: { steps: 12, checkpoint_every: 4 },
    });
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 120_000);
    expect(done.status).toBe('succeeded');
    const trials = await allTrials(app, id);
    expect(trials).toHaveLength(8);
    expect(trials.filter((t) => !t.trainingReused)).toHaveLength(2);

    const runs = stagedRuns(runsFile);
    const trainRuns = runs.filter((r) => r.stage === 'train');
    const evaluateRuns = runs.filter((r) => r.stage === 'evaluate');
    expect(runs.every((r) => r.protocol === 2)).toBe(true);
    expect(trainRuns).toHaveLength(2);
    expect(evaluateRuns).toHaveLength(8);
    // a training sees only train-stage parameters (not the extra eval-stage top_k); an evaluation sees the trial's and what its training reported
    expect(trainRuns.map((r) => Object.keys(r.params).sort())).toEqual([
      ['checkpoint_every', 'learning_rate', 'steps'],
      ['checkpoint_every', 'learning_rate', 'steps'],
    ]);
    expect(trainRuns.every((r) => r.train_metrics === undefined && typeof r.model_dir === 'string')).toBe(true);
    for (const r of runs)
      expect(r.env).toMatchObject({
        HPSEARCH_PROTOCOL: '2', HPSEARCH_STAGE: r.stage, HPSEARCH_CHECKPOINT_DIR: r.checkpoint_dir, HPSEARCH_MODEL_DIR: r.model_dir, HPSEARCH_ATTEMPT: String(r.attempt), HPSEARCH_PARAMS_FILE: expect.any(String),
      });
    expect(evaluateRuns.every((r) => r.params.temperature !== undefined && r.params.top_k !== undefined && r.train_metrics?.train_loss !== undefined)).toBe(true);

    const keys = [...new Set(trials.map((t) => t.trainKey as string))];
    expect(keys).toHaveLength(2);
    const stored = await stack().database.db.select().from(trainings).where(inArray(trainings.trainKey, keys));
    expect(stored.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    expect(stored.every((t) => t.modelUri.endsWith(`/models/staged/${t.trainKey}`))).toBe(true);
    for (const key of keys) {
      const sameModel = trials.filter((t) => t.trainKey === key);
      // one model per key: every evaluation scored the same weight, and carries the training's metrics
      expect(new Set(sameModel.map((t) => t.metrics.evaluated_weight)).size).toBe(1);
      expect(new Set(sameModel.map((t) => t.metrics.train_loss)).size).toBe(1);
      expect(new Set(sameModel.map((t) => `${t.params.temperature}/${t.params.top_k}`)).size).toBe(4);
    }
  }, 150_000);

  it('evaluation.repeats and confirm evaluate the one trained model again, each evaluation with its own seed, and train nothing more', async () => {
    const app = stack().app!;
    const before = stagedRuns(runsFile).length;
    const seed = 9;
    const { id } = await postSearch(app, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      evaluation: { repeats: 3 },
      confirm: { topK: 1, repeats: 2 },
      algorithm: 'grid',
      seed,
      budget: { parallelism: 2 },
      trainer: { name: 'staged' },
      space: { temperature: { type: 'float', values: [0.5, 1] } },
      fixed: { learning_rate: 0.2, steps: 4, checkpoint_every: 2 },
    });
    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'], 120_000);
    expect(done.status).toBe('succeeded');
    const runs = stagedRuns(runsFile).slice(before);
    expect(runs.filter((r) => r.stage === 'train')).toHaveLength(1);
    const evaluations = runs.filter((r) => r.stage === 'evaluate');
    // 2 trials × 3 evaluations, then 2 more of the best
    expect(evaluations).toHaveLength(8);
    const trials = await allTrials(app, id);
    const best = trials.find((t) => t.id === done.best.id)!;
    const seedsOf = (temperature: number) => evaluations.filter((r) => r.params.temperature === temperature).map((r) => r.evaluation_seed).sort();
    expect(seedsOf(best.params.temperature)).toEqual([0, 1, 2, 3, 4].map((i) => evaluationSeed(seed, i)).sort());
    expect(evaluations.every((r) => r.seed === seed)).toBe(true);
    expect(best).toMatchObject({ evaluations: 2, interval: { level: 0.95 }, beforeConfirmation: { evaluations: 3 } });
    expect(best.stdErrors.eval_accuracy).toBeGreaterThan(0);
    expect(trials.find((t) => t.id !== best.id)).toMatchObject({ evaluations: 3 });
  }, 150_000);
});
