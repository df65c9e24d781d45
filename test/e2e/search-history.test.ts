import { beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../src/client/api-types';
import { syntheticSweepYaml } from '../fixtures/synthetic-sweep';
import { searchTrials } from '../../src/db/index';
import { getJson, waitForSearch } from '../support/api';
import { seedTrials } from '../support/seeded-trials';
import { useTestStack } from '../support/stack';

type SearchHistory = components['schemas']['SearchHistory'];

const SEEDED = 20_000;

describe('the optimisation history of a large search, downsampled in the database', () => {
  const stack = useTestStack('pglite');
  let id: string;
  let trials: { ordinal: number; status: string; objective: number | null }[];

  beforeAll(async () => {
    const created = await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: syntheticSweepYaml({ name: 'large history', maxTrials: 1 }) });
    id = created.json<{ id: string }>().id;
    await waitForSearch(stack().app!, id, ['succeeded']);
    await seedTrials(stack().database.db, id, 1, SEEDED);
    trials = (await searchTrials(stack().database.db, id)).map(({ ordinal, status, objective }) => ({ ordinal, status, objective }));
  }, 120_000);

  it('sums its buckets to the totals, bounds each by its trials’ objectives, and ends its best so far at the best trial', async () => {
    const history = await getJson<SearchHistory>(stack().app!, `/v1/searches/${id}/history?points=1000`);
    expect(history.trials).toBe(SEEDED);
    expect(history.bucketWidth).toBe(20);
    expect(history.buckets).toHaveLength(1000);
    const byStatus: Record<string, number> = {};
    for (const t of trials) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(history.counts).filter(([, n]) => n > 0))).toEqual(byStatus);
    const summed: Record<string, number> = {};
    for (const bucket of history.buckets) for (const [status, n] of Object.entries(bucket.counts)) summed[status] = (summed[status] ?? 0) + n;
    expect(summed).toEqual(byStatus);

    for (const bucket of history.buckets.filter((_, n) => n % 97 === 0)) {
      const inside = trials.filter((t) => t.ordinal >= bucket.firstOrdinal && t.ordinal <= bucket.lastOrdinal);
      const objectives = inside.flatMap((t) => (t.status === 'succeeded' && t.objective !== null ? [t.objective] : []));
      expect(inside.length).toBe(Object.values(bucket.counts).reduce((a, b) => a + b, 0));
      expect(bucket.minObjective).toBe(Math.min(...objectives));
      expect(bucket.maxObjective).toBe(Math.max(...objectives));
    }

    const best = Math.max(...trials.flatMap((t) => (t.status === 'succeeded' && t.objective !== null ? [t.objective] : [])));
    const curve = history.bestSoFar;
    expect(curve.length).toBe(history.improvements);
    expect(curve.at(-1)!.objective).toBe(best);
    for (let n = 1; n < curve.length; n++) {
      expect(curve[n]!.ordinal).toBeGreaterThan(curve[n - 1]!.ordinal);
      expect(curve[n]!.objective).toBeGreaterThan(curve[n - 1]!.objective);
    }
    const firstBest = trials.find((t) => t.objective === best)!;
    expect(curve.at(-1)!.ordinal).toBe(firstBest.ordinal);
  });

  it('keeps a bucket per trial below the points asked for, thins the best so far above them, and answers 304 to its ETag', async () => {
    const app = stack().app!;
    const whole = await getJson<SearchHistory>(app, `/v1/searches/${id}/history?points=5000`);
    expect(whole.bucketWidth).toBe(4);
    const few = await getJson<SearchHistory>(app, `/v1/searches/${id}/history?points=2`);
    expect(few.buckets.map((b) => [b.firstOrdinal, b.lastOrdinal])).toEqual([[0, 9999], [10000, 19999]]);
    expect(few.bestSoFar.length).toBeLessThanOrEqual(2);
    expect(few.bestSoFar.at(-1)).toEqual(whole.bestSoFar.at(-1));

    const first = await app.inject({ method: 'GET', url: `/v1/searches/${id}/history` });
    expect(first.json<SearchHistory>().buckets).toHaveLength(1000);
    const again = await app.inject({ method: 'GET', url: `/v1/searches/${id}/history`, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('answers 400 naming points when it is not a whole number from 1 to 5000', async () => {
    for (const points of ['0', '5001', '2.5', 'many']) {
      const response = await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/history?points=${points}` });
      expect(response.statusCode, points).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['points']);
    }
  });
});
