import { describe, expect, it } from 'vitest';
import { checkSearchSummaries, summariesOf } from '../../src/db/index';
import { createApiClient, getSearch, listTrials } from '../../src/client/index';
import { getJson, jsonType, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';
import { until } from '../support/until';

const spec = (maxTrials: number, durationMs: number) => ({
  name: 'summaries',
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed: 5,
  budget: { maxTrials, parallelism: 2 },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-3, log: true } },
  fixed: { steps: 3, duration_ms: durationMs },
});

describe.each(databaseKinds)('search summaries through real sweeps (%s)', (kind) => {
  const stack = useTestStack(kind);
  const app = () => stack().app!;
  const expectConsistent = async (searchId?: string) => {
    const check = await checkSearchSummaries(stack().database.db, searchId === undefined ? {} : { searchId });
    expect(check.mismatches).toEqual([]);
    return check;
  };
  const get = (url: string, etag?: string) => app().inject({ method: 'GET', url, headers: etag ? { 'if-none-match': etag } : {} });
  const cacheLookups = async () => {
    const metrics = (await app().inject({ method: 'GET', url: '/metrics' })).body;
    const count = (outcome: string) => Number(new RegExp(`^hpsearch_answer_cache_lookups_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    return { hits: count('hit'), misses: count('miss') };
  };

  it('equal the aggregate over the trials after a sweep, a cancel, a resume of the cancelled trials and a delete', async () => {
    const { id } = await postSearch(app(), spec(6, 4_000));
    await until(async () => (await getJson(app(), `/v1/searches/${id}`)).progress.running === 2, 30_000, '2 running trials');
    await expectConsistent(id);
    expect((await app().inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType })).statusCode).toBe(202);
    const cancelled = await waitForSearch(app(), id, ['cancelled'], 30_000);
    expect(cancelled.progress.cancelled).toBeGreaterThan(0);
    await expectConsistent(id);

    const resumed = await app().inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType, payload: {} });
    expect(resumed.statusCode, resumed.body).toBe(202);
    expect(resumed.json().requeuedTrials.length).toBeGreaterThan(0);
    await expectConsistent(id);
    const finished = await waitForSearch(app(), id, ['succeeded'], 60_000);
    expect(finished.progress).toMatchObject({ succeeded: 6, cancelled: 0, queued: 0, running: 0 });
    await expectConsistent(id);
    const [summary] = (await summariesOf(stack().database.db, [id])).values();
    const best = await getJson(app(), `/v1/searches/${id}/best`);
    expect(summary!.bestTrialId).toBe(best.id);
    expect(finished.best.id).toBe(best.id);

    expect((await app().inject({ method: 'DELETE', url: `/v1/searches/${id}`, headers: jsonType })).statusCode).toBe(204);
    expect((await summariesOf(stack().database.db, [id])).size).toBe(0);
    await expectConsistent();
  });

  it('answer 304 to a poll of an unchanged search, its best trial and its trials, and 200 with a new ETag after a change', async () => {
    const { id } = await postSearch(app(), spec(2, 0));
    await waitForSearch(app(), id, ['succeeded'], 60_000);
    const urls = [`/v1/searches/${id}`, `/v1/searches/${id}/best`, `/v1/searches/${id}/trials?sort=objective&limit=10`];
    const first = await Promise.all(urls.map((url) => get(url)));
    const etags = first.map((answer) => {
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-cache');
      return String(answer.headers.etag);
    });
    expect(new Set(etags).size).toBe(1);
    const etag = etags[0]!;
    expect(etag).toMatch(/^"\d+"$/);
    for (const url of urls) {
      const again = await get(url, etag);
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect((await get(url, `W/"0", W/${etag}`)).statusCode, 'a weak tag in a list').toBe(304);
    }

    // full answers of the unchanged search come from the answer cache, the same bytes under the same ETag
    const before = await cacheLookups();
    const repeated = await Promise.all(urls.map((url) => get(url)));
    repeated.forEach((answer, i) => {
      expect(answer.statusCode).toBe(200);
      expect(answer.headers.etag).toBe(etag);
      expect(answer.headers['content-type']).toBe(first[i]!.headers['content-type']);
      expect(answer.body).toBe(first[i]!.body);
    });
    expect(await cacheLookups()).toEqual({ hits: before.hits + urls.length, misses: before.misses });

    // notes change the search resource too
    expect((await app().inject({ method: 'PATCH', url: `/v1/searches/${id}`, headers: jsonType, payload: { notes: 'looked at it' } })).statusCode).toBe(200);
    const annotated = await get(urls[0]!, etag);
    expect(annotated.statusCode).toBe(200);
    expect(annotated.json().notes).toBe('looked at it');
    const afterNotes = String(annotated.headers.etag);
    expect(afterNotes).not.toBe(etag);
    const unconditional = await get(urls[0]!);
    expect(unconditional.json().notes, 'not the answer cached before the change').toBe('looked at it');
    expect(unconditional.headers.etag).toBe(afterNotes);

    // a trial that finishes: extend the search by one
    expect((await app().inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType, payload: { maxTrials: 3 } })).statusCode).toBe(202);
    await waitForSearch(app(), id, ['succeeded'], 60_000);
    const extended = await get(urls[2]!, afterNotes);
    expect(extended.statusCode).toBe(200);
    expect(extended.json().items).toHaveLength(3);
    expect(extended.headers.etag).not.toBe(afterNotes);
    expect((await get(`/v1/searches/00000000-0000-4000-8000-000000000000`, etag)).statusCode).toBe(404);
    const bad = await get(`/v1/searches/${id}/trials?cursor=x`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers.etag).toBeUndefined();
    const current = String(extended.headers.etag);
    const badButUnchanged = await get(`/v1/searches/${id}/trials?cursor=x`, current);
    expect(badButUnchanged.statusCode, 'a bad cursor is not answered 304').toBe(400);
    expect(badButUnchanged.json().errors[0].field).toBe('cursor');
    const otherSort = encodeURIComponent(String(extended.json().nextCursor ?? (await get(`/v1/searches/${id}/trials?limit=1`)).json().nextCursor));
    expect((await get(`/v1/searches/${id}/trials?sort=objective&cursor=${otherSort}`, current)).statusCode, 'a cursor of another sort').toBe(400);
  });

  it('lets the typed client poll with If-None-Match and read a 304 as the answer it confirms', async () => {
    const { id } = await postSearch(app(), spec(2, 0));
    await waitForSearch(app(), id, ['succeeded'], 60_000);
    const url = await app().listen({ port: 0, host: '127.0.0.1' });
    const statuses: number[] = [];
    const client = createApiClient(url);
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      statuses.push(response.status);
      return response;
    };
    try {
      const search = await getSearch(client, id);
      expect(await getSearch(client, id)).toEqual(search);
      const trials = await listTrials(client, id, { sort: 'objective' });
      expect(await listTrials(client, id, { sort: 'objective' })).toEqual(trials);
      expect(statuses).toEqual([200, 304, 200, 304]);
      expect(trials).toHaveLength(2);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
