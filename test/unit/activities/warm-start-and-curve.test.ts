import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepStateActivities } from '../../../activities/sweep-state';
import { eq } from 'drizzle-orm';
import { bestSoFarCurve, getSearch, searches, trials, type Database } from '../../../src/db/index';
import { compareSearches, SearchNotFound } from '../../../src/searches/index';
import { warmStartSourceIssues } from '../../../src/searches/warm-start';
import type { TrialStatus } from '../../../src/status';
import { createTestDatabase, databaseKinds } from '../../support/databases';
import { insertFakeSearch } from './fake-search';

describe.each(databaseKinds)('warm-start observations and best-so-far curves (%s)', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function insertTrials(searchId: string, rows: { status: TrialStatus; objective: number | null; learningRate?: number }[], from = 0): Promise<void> {
    for (let start = 0; start < rows.length; start += 500)
      await database.db.insert(trials).values(
        rows.slice(start, start + 500).map((row, i) => ({
          id: randomUUID(),
          searchId,
          ordinal: from + start + i,
          params: { learning_rate: row.learningRate ?? 1e-3 },
          trainKey: 'k',
          status: row.status,
          objective: row.objective,
        })),
      );
  }

  it('downsamples the best objective so far to 1,000 evenly spaced points ending at the last completed trial, in the database', async () => {
    const searchId = await insertFakeSearch(database.db);
    const rows = Array.from({ length: 2_500 }, (_, i) => {
      const status: TrialStatus = i % 7 === 3 ? 'failed' : i % 11 === 5 ? 'cancelled' : 'succeeded';
      return { status, objective: status === 'succeeded' ? Math.sin(i) + i / 2_500 : null };
    });
    await insertTrials(searchId, rows);
    const completed = rows.map((row, ordinal) => ({ ...row, ordinal })).filter((row) => row.status !== 'cancelled');
    let best: number | null = null;
    const full = completed.map((row, i) => {
      if (row.objective !== null && (best === null || row.objective > best)) best = row.objective;
      return { trials: i + 1, ordinal: row.ordinal, best };
    });

    const curve = await bestSoFarCurve(database.db, searchId, 'maximize', 1_000);
    expect(curve.completed).toBe(completed.length);
    expect(curve.points).toHaveLength(1_000);
    expect(curve.points.at(-1)).toEqual(full.at(-1));
    for (const point of curve.points) expect(point).toEqual(full[point.trials - 1]);
    const gaps = curve.points.slice(1).map((p, i) => p.trials - curve.points[i]!.trials);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);

    const short = await bestSoFarCurve(database.db, searchId, 'minimize', 5_000);
    expect(short.points.map((p) => p.trials)).toEqual(full.map((p) => p.trials));
    expect(short.points.at(-1)!.best).toBe(Math.min(...completed.filter((r) => r.objective !== null).map((r) => r.objective!)));
  });

  it('loads a warm start once, at the first sweep start: a source trial finishing later changes nothing', async () => {
    const source = await insertFakeSearch(database.db);
    await insertTrials(source, [
      { status: 'succeeded', objective: 0.7, learningRate: 1e-4 },
      { status: 'diverged', objective: null, learningRate: 5e-3 },
      { status: 'cancelled', objective: null },
      { status: 'succeeded', objective: 0.9, learningRate: 0.5 },
    ]);
    const target = await insertFakeSearch(database.db, (resolved) => ({ ...resolved, algorithm: 'bayes', warmStartFrom: [source] }));
    const { loadSweep } = createSweepStateActivities(database.db);
    await loadSweep({ searchId: target });
    const expected = [
      { params: { learning_rate: 1e-4 }, status: 'succeeded', objective: 0.7 },
      { params: { learning_rate: 5e-3 }, status: 'diverged', objective: null },
    ];
    expect((await getSearch(database.db, target))!.resolved.warmStartObservations).toEqual(expected);

    await insertTrials(source, [{ status: 'succeeded', objective: 0.95, learningRate: 2e-4 }], 4);
    await loadSweep({ searchId: target });
    expect((await getSearch(database.db, target))!.resolved.warmStartObservations).toEqual(expected);
  });

  it("confines warm-start sources and comparisons to the caller's searches: another tenant's search does not exist for it", async () => {
    const [alices, bobs] = [await insertFakeSearch(database.db), await insertFakeSearch(database.db)];
    await database.db.update(searches).set({ owner: 'alice' }).where(eq(searches.id, alices));
    await database.db.update(searches).set({ owner: 'bob' }).where(eq(searches.id, bobs));
    const target = (await getSearch(database.db, alices))!.resolved;
    const spec = { ...target, algorithm: 'bayes' as const, warmStartFrom: [bobs, alices] };
    expect(await warmStartSourceIssues(database.db, spec, { tenant: 'alice' })).toEqual([{ path: ['warmStartFrom', 0], message: `search ${bobs} does not exist` }]);
    expect(await warmStartSourceIssues(database.db, spec, { tenant: undefined })).toEqual([]);
    await expect(compareSearches(database.db, [alices, bobs], { tenant: 'alice' })).rejects.toBeInstanceOf(SearchNotFound);
    expect((await compareSearches(database.db, [alices, bobs], { tenant: undefined })).searches).toHaveLength(2);
  });
});
