import { ApplicationFailure } from '@temporalio/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepActivities } from '../../../activities/index';
import { getSearch, searchTrials, type Database, type Db } from '../../../src/db/index';
import { isDatabaseUnavailable } from '../../../src/db/retry';
import { createTrainerRegistry } from '../../../src/trainers/registry';
import { activityEnvironment, runActivity } from '../../support/activity-environment';
import { databaseArtifacts } from '../../support/artifacts';
import { createTestDatabase } from '../../support/databases';
import { insertFakeSearch } from './fake-search';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
});
afterAll(async () => {
  await database?.close();
});

const activities = (db: Db = database.db) =>
  createSweepActivities({ db, trainers: createTrainerRegistry(), artifacts: databaseArtifacts(db), dataDir: '/nonexistent', workerName: 'unit', maxAttempts: 3, metricBufferMaxPoints: 100_000, trialLogMaxBytes: 1_048_576 });
/** Runs an activity as Temporal would on its `attempt`th attempt. */
const onAttempt = (attempt: number) => ({
  run: <I, R>(activity: (input: I) => Promise<R>, input: I) => runActivity(activityEnvironment({ attempt }), activity, input),
});

describe('loadSweep', () => {
  it('marks the search running and returns its budget, counts and the trials to re-run', async () => {
    const searchId = await insertFakeSearch(database.db);
    const { suggestTrials, loadSweep } = activities();
    await onAttempt(1).run(suggestTrials, { searchId, ordinals: [0, 1, 2] });
    const state = await onAttempt(1).run(loadSweep, { searchId });
    expect(state).toMatchObject({
      maxTrials: 6,
      parallelism: 2,
      maxFailedTrials: 6,
      objectiveMetric: 'eval_accuracy',
      finished: 0,
      failed: 0,
      nextOrdinal: 3,
    });
    expect(state.unfinished.map((t) => t.ordinal)).toEqual([0, 1, 2]);
    expect((await getSearch(database.db, searchId))?.status).toBe('running');
  });

  it('fails non-retryably, typed SearchNotFound, for a search that does not exist', async () => {
    const failure = await onAttempt(1)
      .run(activities().loadSweep, { searchId: '00000000-0000-4000-8000-000000000000' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'SearchNotFound',
      nonRetryable: true,
      message: 'search 00000000-0000-4000-8000-000000000000 does not exist',
    });
  });

  it('fails non-retryably, typed InvalidSearch, when the stored spec no longer resolves, naming the field', async () => {
    const searchId = await insertFakeSearch(database.db, (resolved) => ({ ...resolved, algorithm: 'hyperband' }));
    const failure = await onAttempt(1)
      .run(activities().loadSweep, { searchId })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ type: 'InvalidSearch', nonRetryable: true });
    expect((failure as Error).message).toMatch(new RegExp(`^search ${searchId}: its stored spec no longer resolves: algorithm: `));
  });
});

describe('suggestTrials', () => {
  it('is idempotent: a retried call returns the same trials and stores each once', async () => {
    const searchId = await insertFakeSearch(database.db);
    const { suggestTrials } = activities();
    const first = await onAttempt(1).run(suggestTrials, { searchId, ordinals: [0, 1] });
    const retried = await onAttempt(2).run(suggestTrials, { searchId, ordinals: [0, 1] });
    expect(retried).toEqual(first);
    expect(first.map((t) => t.ordinal)).toEqual([0, 1]);
    expect(first[0]!.params.learning_rate).toBeGreaterThanOrEqual(1e-5);
    expect((await searchTrials(database.db, searchId)).map((t) => t.ordinal)).toEqual([0, 1]);
  });

  it('a search algorithm that throws is retried (typed SearchAlgorithmError) until its third attempt, then fails non-retryably', async () => {
    // grid search throws on a float dimension without values: a broken stored spec reaching the algorithm
    const searchId = await insertFakeSearch(database.db, (resolved) => ({ ...resolved, algorithm: 'grid' }));
    const { suggestTrials } = activities();
    const failures = [];
    for (const attempt of [1, 2, 3])
      failures.push(
        await onAttempt(attempt)
          .run(suggestTrials, { searchId, ordinals: [0] })
          .catch((e: unknown) => e),
      );
    for (const failure of failures) expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failures.map((f) => (f as ApplicationFailure).type)).toEqual([
      'SearchAlgorithmError',
      'SearchAlgorithmError',
      'SearchAlgorithmError',
    ]);
    expect(failures.map((f) => (f as ApplicationFailure).nonRetryable)).toEqual([false, false, true]);
    expect((failures[2] as Error).message).toMatch(/^search algorithm grid failed: .+/);
    expect(await searchTrials(database.db, searchId)).toEqual([]);
  });
});

describe('infrastructure faults', () => {
  it('a database that cannot be reached is thrown as it is, for Temporal to retry without limit, however many attempts passed', async () => {
    // nothing listens on port 1: a real connection refused
    const pool = new pg.Pool({ connectionString: 'postgres://nobody:nothing@127.0.0.1:1/none', connectionTimeoutMillis: 1_000 });
    try {
      const failure = await onAttempt(50)
        .run(activities(drizzle(pool) as unknown as Db).suggestTrials, { searchId: '00000000-0000-4000-8000-000000000000', ordinals: [0] })
        .catch((e: unknown) => e);
      expect(failure).not.toBeInstanceOf(ApplicationFailure);
      expect(isDatabaseUnavailable(failure)).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
