import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  annotateTrialRow,
  cancelOpenTrials,
  checkSearchSummaries,
  deleteSearchRecords,
  insertSearch,
  listTrials,
  markTrialRunning,
  recordSuggestedTrials,
  recordTrialResult,
  requeueCancelledTrials,
  searchSummaries,
  trialSortValue,
  summariesOf,
  trials,
  type Database,
  type Db,
  type TrialRow,
} from '../../src/db/index';
import { resolveSpec } from '../../src/search-spec/resolve';
import { searchSpecSchema } from '../../src/search-spec/search-spec';
import { createTrainerRegistry } from '../../src/trainers/registry';
import pg from 'pg';
import { until } from '../support/until';
import { createPostgresTestDatabase, createTestDatabase, databaseKinds } from '../support/databases';

const specOf = (goal: 'minimize' | 'maximize') =>
  searchSpecSchema.parse({
    objective: { metric: 'eval_accuracy', goal },
    algorithm: 'random',
    budget: { maxTrials: 20 },
    trainer: { name: 'synthetic' },
    space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
  });

async function newSearch(db: Db, goal: 'minimize' | 'maximize' = 'maximize'): Promise<string> {
  const spec = specOf(goal);
  const resolved = resolveSpec(spec, createTrainerRegistry());
  if (!resolved.ok) throw new Error('spec should resolve');
  const id = randomUUID();
  await insertSearch(db, { id, name: 'summary', spec, resolved: resolved.spec, workflowId: `search-${id}` });
  return id;
}

const suggest = (db: Db, searchId: string, ordinals: number[]) => recordSuggestedTrials(db, searchId, ordinals.map((ordinal) => ({ ordinal, params: { learning_rate: 1e-3 }, trainKey: `k${ordinal}` })));

const succeed = (db: Db, trial: TrialRow, objective: number) => recordTrialResult(db, trial.id, { status: 'succeeded', objective, metrics: { eval_accuracy: objective }, error: null });

/** The summary equals the aggregate over the trials; returns the summary. */
async function expectConsistent(db: Db, searchId: string) {
  const check = await checkSearchSummaries(db, { searchId });
  expect(check.mismatches).toEqual([]);
  expect(check.checked).toBe(1);
  return (await summariesOf(db, [searchId])).get(searchId)!;
}

describe.each(databaseKinds)('search summaries (%s)', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('follow every status write of a trial, in the same statement, and bump the version each time', async () => {
    const { db } = database;
    const searchId = await newSearch(db);
    const created = await expectConsistent(db, searchId);
    expect(created).toMatchObject({ goal: 'maximize', queued: 0, bestTrialId: null });

    const [a, b, c, d, e] = await suggest(db, searchId, [0, 1, 2, 3, 4]);
    expect(await expectConsistent(db, searchId)).toMatchObject({ queued: 5 });
    await markTrialRunning(db, a!.id, 'w', 'a/1');
    await markTrialRunning(db, b!.id, 'w', 'b/1');
    expect(await expectConsistent(db, searchId)).toMatchObject({ queued: 3, running: 2 });

    await succeed(db, a!, 0.7);
    await succeed(db, b!, 0.9);
    await recordTrialResult(db, c!.id, { status: 'diverged', objective: null, metrics: {}, error: 'nan' });
    await recordTrialResult(db, d!.id, { status: 'pruned', objective: 0.95, metrics: {}, error: null, prunedAtStep: 3 });
    const scored = await expectConsistent(db, searchId);
    expect(scored).toMatchObject({ queued: 1, running: 0, succeeded: 2, diverged: 1, pruned: 1, bestTrialId: b!.id, bestObjective: 0.9 });

    await cancelOpenTrials(db, searchId);
    expect(await expectConsistent(db, searchId)).toMatchObject({ queued: 0, cancelled: 1 });
    expect(await requeueCancelledTrials(db, searchId)).toEqual([e!.ordinal]);
    expect(await expectConsistent(db, searchId)).toMatchObject({ queued: 1, cancelled: 0 });
    await succeed(db, e!, 0.9);
    // a tie goes to the lower ordinal
    expect(await expectConsistent(db, searchId)).toMatchObject({ succeeded: 3, bestTrialId: b!.id });

    const before = (await summariesOf(db, [searchId])).get(searchId)!.version;
    await annotateTrialRow(db, a!.id, { notes: 'seen' }, 32);
    const annotated = await expectConsistent(db, searchId);
    expect(annotated.version).toBe(before + 1);
    expect(annotated.version).toBeGreaterThan(scored.version);
  });

  it('keep the lowest objective of a minimizing search, and drop a best trial that is deleted', async () => {
    const { db } = database;
    const searchId = await newSearch(db, 'minimize');
    const [a, b] = await suggest(db, searchId, [0, 1]);
    await succeed(db, a!, 0.4);
    await succeed(db, b!, 0.2);
    expect(await expectConsistent(db, searchId)).toMatchObject({ bestTrialId: b!.id, bestObjective: 0.2 });
    await db.delete(trials).where(eq(trials.id, b!.id));
    expect(await expectConsistent(db, searchId)).toMatchObject({ succeeded: 1, bestTrialId: a!.id, bestObjective: 0.4 });
  });

  it('go with their search when it is deleted', async () => {
    const { db } = database;
    const searchId = await newSearch(db);
    const [a] = await suggest(db, searchId, [0, 1, 2]);
    await succeed(db, a!, 0.5);
    expect(await deleteSearchRecords(db, searchId, [])).toBe(true);
    expect((await summariesOf(db, [searchId])).size).toBe(0);
    expect(await checkSearchSummaries(db, { searchId })).toEqual({ checked: 0, mismatches: [], fixed: false });
  });

  it('stay as they were when a transaction fails half way', async () => {
    const { db } = database;
    const searchId = await newSearch(db);
    const [a, b] = await suggest(db, searchId, [0, 1]);
    await succeed(db, a!, 0.5);
    const before = await expectConsistent(db, searchId);
    await expect(
      db.transaction(async (tx) => {
        await succeed(tx, b!, 0.99);
        await cancelOpenTrials(tx, searchId);
        throw new Error('crash mid-write');
      }),
    ).rejects.toThrow('crash mid-write');
    const after = await expectConsistent(db, searchId);
    expect(after).toEqual(before);
    expect((await db.select({ status: trials.status }).from(trials).where(eq(trials.id, b!.id)))[0]!.status).toBe('queued');
  });

  it('are checked against the aggregate, and a summary that drifted is named and fixed', async () => {
    const { db } = database;
    const searchId = await newSearch(db);
    const [a] = await suggest(db, searchId, [0, 1]);
    await succeed(db, a!, 0.5);
    await db.update(searchSummaries).set({ succeeded: 7, bestTrialId: null }).where(eq(searchSummaries.searchId, searchId));
    const found = await checkSearchSummaries(db);
    const drifted = found.mismatches.find((m) => m.searchId === searchId);
    expect(drifted).toMatchObject({ fields: ['succeeded', 'bestTrialId'], aggregate: { bestTrialId: a!.id, bestObjective: 0.5 } });
    expect(drifted!.stored!.counts.succeeded).toBe(7);
    expect(found.fixed).toBe(false);
    const fixed = await checkSearchSummaries(db, { fix: true });
    expect(fixed.fixed).toBe(true);
    expect((await checkSearchSummaries(db)).mismatches).toEqual([]);
    expect(await expectConsistent(db, searchId)).toMatchObject({ succeeded: 1, queued: 1, bestTrialId: a!.id });
  });

  it('pages by objective, either way, in the order of a full sort: ties by ordinal, trials without an objective last', async () => {
    const { db } = database;
    const searchId = await newSearch(db);
    const objectiveOf = (ordinal: number) => (ordinal % 7 === 0 ? null : (ordinal % 5) / 5);
    await db.execute(sql`
      insert into trials (id, search_id, ordinal, params, train_key, status, objective)
      select gen_random_uuid(), ${searchId}::uuid, n, '{}'::jsonb, 'k' || n, 'succeeded', case when n % 7 = 0 then null else (n % 5)::float8 / 5 end
      from generate_series(0, 59) as n`);
    const ordinals = Array.from({ length: 60 }, (_, n) => n);
    for (const order of ['asc', 'desc'] as const) {
      const sign = order === 'asc' ? 1 : -1;
      const expected = [...ordinals].sort((a, b) => {
        const [x, y] = [objectiveOf(a), objectiveOf(b)];
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
        return x === y ? a - b : sign * (x - y);
      });
      const walked: number[] = [];
      let after: { ordinal: number; value: number | null } | undefined;
      for (;;) {
        const page = await listTrials(db, searchId, { sort: 'objective', order, limit: 8, ...(after ? { after } : {}) });
        walked.push(...page.map((trial) => trial.ordinal));
        if (page.length < 8) break;
        const last = page[page.length - 1]!;
        after = { ordinal: last.ordinal, value: trialSortValue(last, 'objective') };
      }
      expect(walked, order).toEqual(expected);
    }
  });

  it('sorts a page by objective through the index, either way, with keyset cursors', async () => {
    const { db } = database;
    const searchId = await newSearch(db);
    await db.execute(sql`
      insert into trials (id, search_id, ordinal, params, train_key, status, objective)
      select gen_random_uuid(), ${searchId}::uuid, n, '{}'::jsonb, 'k' || n, 'succeeded', case when n % 10 = 0 then null else (n % 97)::float8 / 97 end
      from generate_series(0, 19999) as n`);
    await db.execute(sql`analyze trials`);
    expect(await expectConsistent(db, searchId)).toMatchObject({ succeeded: 20000, bestObjective: 96 / 97 });
    const plans = await objectivePagePlans(database, searchId);
    expect(plans.filter((plan) => plan.valued)).toHaveLength(4);
    for (const { valued, plan } of plans) {
      // the trials with an objective by the objective index; the rest (objective null) by either index
      if (valued) expect(plan).toContain('"Index Name":"trials_search_objective_idx"');
      expect(plan).toContain('"Node Type":"Index Scan');
      expect(plan).not.toMatch(/Seq Scan|"Node Type":"Sort"/);
    }
  });
});

/** The plans of the queries listTrials runs for objective pages (first and a later one, both orders), explained as the database runs them. */
async function objectivePagePlans(database: Database, searchId: string): Promise<{ valued: boolean; plan: string }[]> {
  const queries: { sql: string; params: unknown[] }[] = [];
  const logging = await loggingDb(database, (query, params) => queries.push({ sql: query, params }));
  for (const order of ['asc', 'desc'] as const) {
    const first = await listTrials(logging, searchId, { sort: 'objective', order, limit: 11 });
    const last = first[first.length - 1]!;
    await listTrials(logging, searchId, { sort: 'objective', order, limit: 11, after: { ordinal: last.ordinal, value: last.objective } });
    await listTrials(logging, searchId, { sort: 'objective', order, limit: 11, after: { ordinal: 10, value: null } });
  }
  const plans: { valued: boolean; plan: string }[] = [];
  for (const query of queries) {
    const explained: unknown = await database.db.execute(sql.raw(`explain (format json) ${inline(query.sql, query.params)}`));
    plans.push({ valued: query.sql.includes('is not null'), plan: JSON.stringify((explained as { rows?: unknown }).rows ?? explained) });
  }
  return plans;
}

/** The SQL with its parameters written in as literals, so EXPLAIN sees the values the query ran with. */
function inline(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
  });
}

async function loggingDb(database: Database, log: (query: string, params: unknown[]) => void): Promise<Db> {
  const logger = { logQuery: log };
  const client = (database.db as unknown as { $client: never }).$client;
  if (database.kind === 'pglite') return (await import('drizzle-orm/pglite')).drizzle(client, { logger }) as unknown as Db;
  return (await import('drizzle-orm/node-postgres')).drizzle(client, { logger }) as unknown as Db;
}

describe.runIf(process.env.TEST_DATABASE_URL)('search summaries under concurrent writes (postgres)', () => {
  it('choose the best after every concurrent change of the search has committed, not from a snapshot that missed one', async () => {
    const { database, url } = await createPostgresTestDatabase();
    // `watcher` asks outside the open transactions: a transaction keeps one view of pg_stat_activity
    const [first, second, watcher] = [1, 2, 3].map(() => new pg.Client({ connectionString: url })) as [pg.Client, pg.Client, pg.Client];
    try {
      const { db } = database;
      const searchId = await newSearch(db);
      const [better, worse] = await suggest(db, searchId, [0, 1]);
      await Promise.all([first.connect(), second.connect(), watcher.connect()]);
      const succeedIn = (client: pg.Client, trial: TrialRow, objective: number) =>
        client.query(`UPDATE trials SET status = 'succeeded', objective = $2 WHERE id = $1`, [trial.id, objective]);
      await first.query('BEGIN');
      await succeedIn(first, better!, 0.9);
      const secondPid = (await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await second.query('BEGIN');
      // its trigger waits for the first transaction's lock on the summary row
      const waiting = succeedIn(second, worse!, 0.5);
      const blocked = async () => (await watcher.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [secondPid])).rows[0]?.wait === 'Lock';
      await until(blocked, 10_000, 'the second write to wait for the first');
      await first.query('COMMIT');
      await waiting;
      await second.query('COMMIT');
      expect((await expectConsistent(db, searchId)).bestTrialId).toBe(better!.id);
    } finally {
      await Promise.all([first.end(), second.end(), watcher.end()]);
      await database.close();
    }
  });
});
