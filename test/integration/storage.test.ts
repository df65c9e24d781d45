import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordActivities } from '../../activities/record';
import { createSuggestActivities } from '../../activities/suggest';
import {
  bestTrialsOf,
  claimTraining,
  countTrialsByStatus,
  countTrialsByStatusOf,
  insertSearch,
  listTrials,
  markTrialRunning,
  recordTrialMetrics,
  searchTrials,
  trialCurve,
  trialCurveWithTraining,
  type Database,
} from '../../src/db/index';
import { resolveSpec } from '../../src/search-spec/resolve';
import { searchSpecSchema } from '../../src/search-spec/search-spec';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { createTestDatabase, databaseKinds } from '../support/databases';

const spec = searchSpecSchema.parse({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed: 9,
  budget: { maxTrials: 50, parallelism: 4 },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true }, temperature: { type: 'float', low: 0, high: 1 } },
  fixed: { steps: 2 },
});

describe.each(databaseKinds)('storage contract (%s)', (kind) => {
  let database: Database;
  let searchId: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const resolved = resolveSpec(spec, createTrainerRegistry());
    if (!resolved.ok) throw new Error('spec should resolve');
    searchId = randomUUID();
    await insertSearch(database.db, { id: searchId, name: 's', spec, resolved: resolved.spec, workflowId: `search-${searchId}` });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('suggestTrials retried with the same ordinals returns the same trials and stores each once', async () => {
    const { suggestTrials } = createSuggestActivities(database.db);
    const first = await suggestTrials({ searchId, ordinals: [0, 1, 2, 3] });
    const retried = await suggestTrials({ searchId, ordinals: [0, 1, 2, 3] });
    expect(retried).toEqual(first);
    const overlapping = await suggestTrials({ searchId, ordinals: [2, 3, 4, 5] });
    expect(overlapping.slice(0, 2)).toEqual(first.slice(2));
    expect(await searchTrials(database.db, searchId)).toHaveLength(6);
    expect(first[0]!.params).toMatchObject({ steps: 2 });
  });

  it('metric points and results written twice are stored once', async () => {
    const [trial] = await searchTrials(database.db, searchId);
    const points = [1, 2, 3].map((step) => ({ step, epoch: 1, values: { loss: 1 / step } }));
    await recordTrialMetrics(database.db, trial!.id, points);
    await recordTrialMetrics(database.db, trial!.id, points);
    expect((await trialCurve(database.db, trial!.id)).map((p) => p.step)).toEqual([1, 2, 3]);

    const { recordTrial } = createRecordActivities(database.db);
    const input = { trialId: trial!.id, objectiveMetric: 'eval_accuracy', outcome: { status: 'succeeded' as const, metrics: { eval_accuracy: 0.8 } } };
    expect(await recordTrial(input)).toBe('succeeded');
    expect(await recordTrial(input)).toBe('succeeded');
    expect(await markTrialRunning(database.db, trial!.id, 'late-worker', 'run/1/1')).toBeUndefined();
    const counts = await countTrialsByStatus(database.db, searchId);
    expect(counts.succeeded).toBe(1);
  });

  it('20000 metric points in one write are stored, in inserts under the bind-parameter limit', async () => {
    const trial = (await searchTrials(database.db, searchId))[3]!;
    const points = Array.from({ length: 20_000 }, (_, i) => ({ step: i + 1, epoch: i / 1000, values: { loss: 1 / (i + 1), learning_rate: 1e-3 } }));
    expect(points.length * 4).toBeGreaterThan(65_535);
    await recordTrialMetrics(database.db, trial.id, points);
    const curve = await trialCurve(database.db, trial.id);
    expect(curve).toHaveLength(20_000);
    expect(curve[19_999]).toMatchObject({ step: 20_000, values: { loss: 1 / 20_000 } });
  });

  it('lines at the same step merge their metrics, in one write and across writes, and a retried write changes nothing', async () => {
    const trial = (await searchTrials(database.db, searchId))[5]!;
    const training = { step: 10, epoch: 0.99, values: { loss: 0.4, learning_rate: 2e-4 } };
    const evaluation = { step: 10, epoch: 1, values: { eval_loss: 0.3, eval_accuracy: 0.81 } };
    await recordTrialMetrics(database.db, trial.id, [training, evaluation, { step: 20, values: { loss: 0.2 } }]);
    await recordTrialMetrics(database.db, trial.id, [{ step: 20, epoch: 2, values: { eval_accuracy: 0.86 } }]);
    await recordTrialMetrics(database.db, trial.id, [{ step: 20, epoch: 2, values: { eval_accuracy: 0.86 } }]);
    const curve = await trialCurve(database.db, trial.id);
    expect(curve.map(({ step, epoch, values }) => ({ step, epoch, values }))).toEqual([
      { step: 10, epoch: 0.99, values: { loss: 0.4, learning_rate: 2e-4, eval_loss: 0.3, eval_accuracy: 0.81 } },
      { step: 20, epoch: 2, values: { loss: 0.2, eval_accuracy: 0.86 } },
    ]);
    const named = await trialCurve(database.db, trial.id, ['eval_accuracy', 'loss']);
    expect(named.map(({ step, values }) => ({ step, values }))).toEqual([
      { step: 10, values: { loss: 0.4, eval_accuracy: 0.81 } },
      { step: 20, values: { loss: 0.2, eval_accuracy: 0.86 } },
    ]);
    expect((await trialCurve(database.db, trial.id, ['learning_rate'])).map((p) => p.step)).toEqual([10]);
    expect(await trialCurve(database.db, trial.id, ['bleu'])).toEqual([]);
  });

  it('counts an attempt once however often its start is written, and each new Temporal attempt once', async () => {
    const trial = (await searchTrials(database.db, searchId))[5]!;
    expect((await markTrialRunning(database.db, trial.id, 'w', 'run-a/1/1'))!.attempt).toBe(1);
    // the answer to the first write was lost, and persistently() wrote it again
    expect((await markTrialRunning(database.db, trial.id, 'w', 'run-a/1/1'))!.attempt).toBe(1);
    expect((await markTrialRunning(database.db, trial.id, 'w', 'run-a/1/2'))!.attempt).toBe(2);
    expect((await markTrialRunning(database.db, trial.id, 'w', 'run-a/1/2'))!.attempt).toBe(2);
    // resumed: a new workflow run whose activity starts again at Temporal attempt 1
    expect((await markTrialRunning(database.db, trial.id, 'w', 'run-b/1/1'))!.attempt).toBe(3);
  });

  it('a success without the objective metric is recorded as failed', async () => {
    const trials = await searchTrials(database.db, searchId);
    const { recordTrial } = createRecordActivities(database.db);
    expect(await recordTrial({ trialId: trials[1]!.id, objectiveMetric: 'eval_accuracy', outcome: { status: 'succeeded', metrics: { eval_loss: 0.3 } } })).toBe('failed');
    expect(await recordTrial({ trialId: trials[2]!.id, objectiveMetric: 'eval_accuracy', outcome: { status: 'succeeded', metrics: { eval_accuracy: Number.NaN } } })).toBe('failed');
  });

  it('sorts by objective best first with trials lacking one last, and pages with keyset cursors', async () => {
    const trials = await searchTrials(database.db, searchId);
    const { recordTrial } = createRecordActivities(database.db);
    await recordTrial({ trialId: trials[3]!.id, objectiveMetric: 'eval_accuracy', outcome: { status: 'succeeded', metrics: { eval_accuracy: 0.9 } } });
    await recordTrial({ trialId: trials[4]!.id, objectiveMetric: 'eval_accuracy', outcome: { status: 'succeeded', metrics: { eval_accuracy: 0.8 } } });
    expect((await bestTrialsOf(database.db, [{ id: searchId, goal: 'maximize' }])).get(searchId)!.ordinal).toBe(3);
    expect((await bestTrialsOf(database.db, [{ id: searchId, goal: 'minimize' }])).get(searchId)!.ordinal).toBe(0);

    const order: number[] = [];
    let after: { ordinal: number; value: number | null } | undefined;
    for (;;) {
      const page = await listTrials(database.db, searchId, { sort: 'objective', order: 'desc', limit: 2, ...(after ? { after } : {}) });
      if (page.length === 0) break;
      order.push(...page.map((t) => t.ordinal));
      const last = page[page.length - 1]!;
      after = { ordinal: last.ordinal, value: last.objective };
    }
    expect(order).toEqual([3, 0, 4, 1, 2, 5]);
    const succeeded = await listTrials(database.db, searchId, { status: 'succeeded', sort: 'ordinal', order: 'asc', limit: 10 });
    expect(succeeded.map((t) => t.ordinal)).toEqual([0, 3, 4]);
  });

  it('counts and best trials of many searches come back per search in one call, each by its own goal', async () => {
    const empty = randomUUID();
    const resolved = resolveSpec(spec, createTrainerRegistry());
    if (!resolved.ok) throw new Error('spec should resolve');
    await insertSearch(database.db, { id: empty, name: 'empty', spec, resolved: resolved.spec, workflowId: `search-${empty}` });
    const counts = await countTrialsByStatusOf(database.db, [searchId, empty]);
    expect(counts.get(searchId)).toEqual(await countTrialsByStatus(database.db, searchId));
    expect(counts.get(empty)).toEqual({ queued: 0, running: 0, succeeded: 0, failed: 0, diverged: 0, infeasible: 0, pruned: 0, cancelled: 0 });
    const best = await bestTrialsOf(database.db, [{ id: searchId, goal: 'minimize' }, { id: empty, goal: 'maximize' }]);
    expect(best.get(searchId)!.ordinal).toBe(0);
    expect(best.has(empty)).toBe(false);
  });

  it("a trial that evaluated another trial's training shows that training's curve before its own points", async () => {
    // trials of their own, after every test that counts the search's trials
    const [trainer, evaluator] = (await createSuggestActivities(database.db).suggestTrials({ searchId, ordinals: [40, 41] })).map((task) => ({ id: task.trialId })) as [{ id: string }, { id: string }];
    const trainKey = `key-${kind}`;
    await claimTraining(database.db, trainKey, trainer.id, 'models/k', 60_000);
    await recordTrialMetrics(database.db, trainer.id, [1, 2].map((step) => ({ step, values: { loss: 1 / step, learning_rate: 0.1 } })));
    await recordTrialMetrics(database.db, evaluator.id, [{ step: 2, values: { eval_accuracy: 0.7 } }]);
    const steps = async (reused: boolean) =>
      (await trialCurveWithTraining(database.db, { id: evaluator.id, trainKey, trainingReused: reused })).map(({ step, values }) => ({ step, values }));
    expect(await steps(true)).toEqual([
      { step: 1, values: { loss: 1, learning_rate: 0.1 } },
      { step: 2, values: { eval_accuracy: 0.7 } },
    ]);
    expect(await steps(false)).toEqual([{ step: 2, values: { eval_accuracy: 0.7 } }]);
  });
});
