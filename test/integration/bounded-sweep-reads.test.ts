import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordTrialOutcome } from '../../activities/record';
import { createSuggestActivities } from '../../activities/suggest';
import { createSweepStateActivities } from '../../activities/sweep-state';
import type { TrialTask } from '../../activities/types';
import * as dbModule from '../../src/db/index';
import { insertSearch, markTrialRunning, type Database } from '../../src/db/index';
import { resolveSpec } from '../../src/search-spec/resolve';
import { searchSpecSchema, type AlgorithmName } from '../../src/search-spec/search-spec';
import { createTrainerRegistry } from '../../src/trainers/registry';
import type { TrialOutcome } from '../../src/trainers/types';
import { createTestDatabase, databaseKinds } from '../support/databases';

// every read of a search's whole trial table goes through searchTrials: the spy counts them
vi.mock('../../src/db/index', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/db/index')>();
  return { ...original, searchTrials: vi.fn(original.searchTrials) };
});
const wholeTableReads = vi.mocked(dbModule.searchTrials);

const specOf = (algorithm: AlgorithmName) =>
  searchSpecSchema.parse({
    objective: { metric: 'eval_accuracy', goal: 'maximize' },
    algorithm,
    budget: { maxTrials: 50, parallelism: 4 },
    trainer: { name: 'synthetic' },
    space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
  });

describe.each(databaseKinds)('sweep activities read what a step needs, not every trial (%s)', (kind) => {
  let database: Database;
  const insert = async (algorithm: AlgorithmName): Promise<string> => {
    const spec = specOf(algorithm);
    const resolved = resolveSpec(spec, createTrainerRegistry());
    if (!resolved.ok) throw new Error('spec should resolve');
    const id = randomUUID();
    await insertSearch(database.db, { id, name: algorithm, spec, resolved: resolved.spec, workflowId: `search-${id}` });
    return id;
  };
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  beforeEach(() => {
    wholeTableReads.mockClear();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('random search suggests and a sweep run loads from the asked ordinals, counts and open trials alone', async () => {
    const searchId = await insert('random');
    const { suggestTrials } = createSuggestActivities(database.db);
    const tasks = await suggestTrials({ searchId, ordinals: [0, 1, 2, 3, 4] });
    expect(await suggestTrials({ searchId, ordinals: [3, 4, 5] })).toEqual([...tasks.slice(3), expect.objectContaining({ ordinal: 5 })]);
    const [ok, bad, running] = tasks;
    const outcomes: [TrialTask, TrialOutcome][] = [
      [ok!, { status: 'succeeded', metrics: { eval_accuracy: 0.5 } }],
      [bad!, { status: 'failed', metrics: {}, error: 'boom' }],
    ];
    for (const [task, outcome] of outcomes) {
      await markTrialRunning(database.db, task.trialId, 'w', `${task.trialId}/1`);
      await recordTrialOutcome(database.db, { trialId: task.trialId, objectiveMetric: 'eval_accuracy', outcome });
    }
    await markTrialRunning(database.db, running!.trialId, 'w', `${running!.trialId}/1`);

    const state = await createSweepStateActivities(database.db).loadSweep({ searchId });
    expect(state).toMatchObject({ finished: 2, failed: 1, nextOrdinal: 6 });
    expect(state.unfinished.map((t) => t.ordinal)).toEqual([2, 3, 4, 5]);
    expect(wholeTableReads).not.toHaveBeenCalled();
  });

  it('a model-based search still learns from every stored trial', async () => {
    const searchId = await insert('tpe');
    await createSuggestActivities(database.db).suggestTrials({ searchId, ordinals: [0, 1] });
    expect(wholeTableReads).toHaveBeenCalledWith(database.db, searchId);
  });
});
