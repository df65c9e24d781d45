import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeys } from '../../src/api/auth';
import { sixKnobGridSpec } from '../fixtures/specs';
import { jsonType } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';
import { until } from '../support/until';

const tenants = ['alice', 'bob', 'root'] as const;
const keyOf = (name: (typeof tenants)[number]) => ({ authorization: `Bearer ${name}-secret` });
const apiKeys = parseApiKeys(tenants.map((name) => `${name}:${hashApiKey(`${name}-secret`)}`).join(','), ['root']);
const spec = (name: string) => ({ ...sixKnobGridSpec(), name, budget: { maxTrials: 3, truncateGrid: true, parallelism: 3 } });

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, fields?: string[]) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (fields) expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
}

describe.each(databaseKinds)('notes, tags and the archive (%s)', (kind) => {
  const stack = useTestStack(kind, { apiKeys });
  const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, tenant: (typeof tenants)[number], payload?: object) =>
    stack().app!.inject({ method, url, headers: { ...keyOf(tenant), ...(payload ? jsonType : {}) }, ...(payload ? { payload } : {}) });
  const create = async (name: string, tenant: (typeof tenants)[number] = 'alice') => {
    const created = await request('POST', '/v1/searches', tenant, spec(name));
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  };
  const succeeded = (id: string) => until(async () => (await request('GET', `/v1/searches/${id}`, 'alice')).json().status === 'succeeded', 60_000, `search ${id} to succeed`);
  const listed = async (query: string, tenant: (typeof tenants)[number] = 'alice') => {
    const answer = await request('GET', `/v1/searches?limit=200${query}`, tenant);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json().items.map((s: { id: string }) => s.id) as string[];
  };

  it('keeps notes and tags on a search, merging tag changes (null removes a key), and filters the list by tag', async () => {
    const run = randomUUID().slice(0, 8);
    const first = await create('first');
    const second = await create('second');
    const fresh = await request('GET', `/v1/searches/${first}`, 'alice');
    expect(fresh.json()).toMatchObject({ notes: '', tags: {}, archived: false });

    const notes = 'lr sweep for the 7B model.\nSee ticket #12 — ünïcödé and emoji 🚀 are kept.';
    const patched = await request('PATCH', `/v1/searches/${first}`, 'alice', { notes, tags: { run, model: 'llama-7b', stage: 'draft' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ id: first, notes, tags: { run, model: 'llama-7b', stage: 'draft' } });
    const merged = await request('PATCH', `/v1/searches/${first}`, 'alice', { tags: { stage: null, owner: 'ml-team' } });
    expect(merged.json().tags).toEqual({ run, model: 'llama-7b', owner: 'ml-team' });
    expect(merged.json().notes).toBe(notes);
    expect((await request('GET', `/v1/searches/${first}`, 'alice')).json()).toMatchObject({ notes, tags: { run, model: 'llama-7b', owner: 'ml-team' } });
    await request('PATCH', `/v1/searches/${second}`, 'alice', { tags: { run, model: 'llama-13b' } });

    expect(new Set(await listed(`&tag=run:${run}`))).toEqual(new Set([first, second]));
    expect(await listed(`&tag=run:${run}&tag=model:llama-7b`)).toEqual([first]);
    expect(await listed(`&tag=run:${run}&tag=model:llama-70b`)).toEqual([]);
    expect(await listed(`&tag=run:${run}&tag=model:llama-7b&tag=model:llama-13b`)).toEqual([]);
    // a value may hold colons: the key ends at the first
    await request('PATCH', `/v1/searches/${second}`, 'alice', { tags: { url: 'https://example.com:8080/x' } });
    expect(await listed(`&tag=run:${run}&tag=${encodeURIComponent('url:https://example.com:8080/x')}`)).toEqual([second]);
  });

  it('hides archived searches from the list unless asked, and still answers for them by id', async () => {
    const run = randomUUID().slice(0, 8);
    const archived = await create('archived');
    const visible = await create('visible');
    for (const id of [archived, visible]) await request('PATCH', `/v1/searches/${id}`, 'alice', { tags: { run } });
    const patched = await request('PATCH', `/v1/searches/${archived}`, 'alice', { archived: true });
    expect(patched.json().archived).toBe(true);

    expect(await listed(`&tag=run:${run}`)).toEqual([visible]);
    expect(await listed(`&tag=run:${run}&archived=false`)).toEqual([visible]);
    expect(await listed(`&tag=run:${run}&archived=true`)).toEqual([archived]);
    expect(new Set(await listed(`&tag=run:${run}&archived=include`))).toEqual(new Set([archived, visible]));
    expect((await request('GET', `/v1/searches/${archived}`, 'alice')).json()).toMatchObject({ id: archived, archived: true });
    expectProblem(await request('GET', '/v1/searches?archived=maybe', 'alice'), 400, ['archived']);

    await request('PATCH', `/v1/searches/${archived}`, 'alice', { archived: false });
    expect(new Set(await listed(`&tag=run:${run}`))).toEqual(new Set([archived, visible]));
  });

  it('keeps notes and tags on trials and filters a search’s trials by tag', async () => {
    const id = await create('trials');
    await succeeded(id);
    const answer = await request('GET', `/v1/searches/${id}/trials`, 'alice');
    const [one, two, three] = answer.json().items;
    expect(one).toMatchObject({ notes: '', tags: {} });
    const patched = await request('PATCH', `/v1/trials/${one.id}`, 'alice', { notes: 'diverged late: look at warmup', tags: { verdict: 'suspicious', reviewed: 'yes' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ id: one.id, notes: 'diverged late: look at warmup', tags: { verdict: 'suspicious', reviewed: 'yes' } });
    await request('PATCH', `/v1/trials/${two.id}`, 'alice', { tags: { reviewed: 'yes' } });
    await request('PATCH', `/v1/trials/${one.id}`, 'alice', { tags: { verdict: null } });

    const trials = async (query: string) => (await request('GET', `/v1/searches/${id}/trials?${query}`, 'alice')).json().items.map((t: { id: string }) => t.id);
    expect(await trials('tag=reviewed:yes')).toEqual([one.id, two.id]);
    expect(await trials('tag=reviewed:yes&tag=verdict:suspicious')).toEqual([]);
    expect((await request('GET', `/v1/trials/${one.id}`, 'alice')).json()).toMatchObject({ notes: 'diverged late: look at warmup', tags: { reviewed: 'yes' } });
    expect((await request('GET', `/v1/trials/${three.id}`, 'alice')).json()).toMatchObject({ notes: '', tags: {} });
  });

  it('rejects bad notes and tags with problems naming the field', async () => {
    const id = await create('validation');
    const patch = (payload: object) => request('PATCH', `/v1/searches/${id}`, 'alice', payload);
    expectProblem(await patch({ notes: 'x'.repeat(10_001) }), 400, ['notes']);
    expectProblem(await patch({ notes: 'nul \u0000 inside' }), 400, ['notes']);
    expectProblem(await patch({ notes: 'lone \ud800 surrogate' }), 400, ['notes']);
    expectProblem(await patch({ tags: { 'bad key!': 'x' } }), 400, ['tags.bad key!']);
    expectProblem(await patch({ tags: { '-leading': 'x' } }), 400, ['tags.-leading']);
    expectProblem(await patch({ tags: { model: 'v'.repeat(257) } }), 400, ['tags.model']);
    expectProblem(await patch({ tags: { model: 7 } }), 400, ['tags.model']);
    expectProblem(await patch({ tags: { model: 'a\u0000b' } }), 400, ['tags.model']);
    const proto = await stack().app!.inject({ method: 'PATCH', url: `/v1/searches/${id}`, headers: { ...keyOf('alice'), ...jsonType }, payload: '{"tags": {"__proto__": "x"}}' });
    expectProblem(proto, 400, ['tags.__proto__']);
    expectProblem(await patch({ archived: 'yes' }), 400, ['archived']);
    expectProblem(await patch({ status: 'succeeded' }), 400, ['status']);
    expectProblem(await request('PATCH', `/v1/trials/${randomUUID()}`, 'alice', { archived: true }), 400, ['archived']);

    const many = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, 'v']));
    expect((await patch({ tags: many })).statusCode).toBe(200);
    // the bound holds for the tags merged, not only for one change
    expectProblem(await patch({ tags: { one_more: 'v' } }), 400, ['tags']);
    expectProblem(await patch({ tags: { ...many, extra: 'v' } }), 400, ['tags']);
    expect((await patch({ tags: { k0: null, one_more: 'v' } })).statusCode).toBe(200);
    expect(Object.keys((await request('GET', `/v1/searches/${id}`, 'alice')).json().tags)).toHaveLength(32);

    expectProblem(await request('GET', '/v1/searches?tag=novalue', 'alice'), 400, ['tag.0']);
    expectProblem(await request('GET', '/v1/searches?tag=bad%20key:x', 'alice'), 400, ['tag.0']);
    expectProblem(await request('GET', '/v1/searches?tag=k:a%00b', 'alice'), 400, ['tag.0']);
    expectProblem(await request('GET', `/v1/searches?${Array.from({ length: 9 }, (_, i) => `tag=k${i}:v`).join('&')}`, 'alice'), 400, ['tag']);
  });

  it('lets only the owner (or an admin key) change or delete a search and its trials', async () => {
    const id = await create('tenancy');
    await succeeded(id);
    const trial = (await allTrialsAs('alice', id))[0]!;
    expectProblem(await request('PATCH', `/v1/searches/${id}`, 'bob', { notes: 'mine now' }), 404);
    expectProblem(await request('PATCH', `/v1/trials/${trial.id}`, 'bob', { notes: 'mine now' }), 404);
    expectProblem(await request('DELETE', `/v1/searches/${id}`, 'bob', {}), 404);
    expectProblem(await request('DELETE', `/v1/searches/${id}?force=true`, 'bob', {}), 404);
    expectProblem(await stack().app!.inject({ method: 'PATCH', url: `/v1/searches/${id}`, headers: jsonType, payload: { notes: 'anonymous' } }), 401);
    expectProblem(await stack().app!.inject({ method: 'DELETE', url: `/v1/searches/${id}`, headers: jsonType }), 401);
    expect((await request('GET', `/v1/searches/${id}`, 'alice')).json()).toMatchObject({ notes: '', tags: {} });
    expect(await listed('&tag=x:y', 'bob')).toEqual([]);

    expect((await request('PATCH', `/v1/searches/${id}`, 'root', { notes: 'seen by an admin' })).json().notes).toBe('seen by an admin');
    expect((await request('PATCH', `/v1/trials/${trial.id}`, 'alice', { notes: 'own trial' })).statusCode).toBe(200);
    const deleted = await request('DELETE', `/v1/searches/${id}`, 'alice', {});
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await request('GET', `/v1/searches/${id}`, 'root'), 404);
    expectProblem(await request('DELETE', `/v1/searches/${id}`, 'alice', {}), 404);
  });

  const allTrialsAs = async (tenant: (typeof tenants)[number], id: string) => (await request('GET', `/v1/searches/${id}/trials`, tenant)).json().items as { id: string }[];
});
