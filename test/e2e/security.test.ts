import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES } from '../../src/api/app';
import { hashApiKey, parseApiKeys } from '../../src/api/auth';
import { defaultLimits } from '../../src/api/deps';
import { LOOPBACK_HOSTS } from '../../src/api/hosts';
import { searches } from '../../src/db/index';
import { sixKnobGridSpec } from '../fixtures/specs';
import { jsonType } from '../support/api';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

const spec = { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const tenants = ['alice', 'bob', 'root', 'carol', 'dave'] as const;
const keyOf = (name: (typeof tenants)[number]) => bearer(`${name}-secret`);

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, field?: string) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem.status).toBe(status);
  if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  return problem;
}

describe('API keys, tenants and rate limits', () => {
  let stack: TestStack;
  beforeAll(async () => {
    const apiKeys = parseApiKeys(tenants.map((name) => `${name}:${hashApiKey(`${name}-secret`)}`).join(','), ['root']);
    stack = await startTestStack('pglite', { apiKeys, apiLimits: { ...defaultLimits, rateLimitPerMinute: 40, requestTimeoutMs: 5_000, bodyLimitBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const post = (url: string, headers: Record<string, string>, payload?: object) => stack.app!.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Record<string, string> = {}) => stack.app!.inject({ method: 'GET', url, headers });

  it('requires a valid key on mutating routes and confines changes to the key that created a search', async () => {
    const anonymous = await post('/v1/searches', {}, spec);
    expectProblem(anonymous, 401, 'authorization');
    expectProblem(await post('/v1/searches', bearer('guess'), spec), 401, 'authorization');

    const created = await post('/v1/searches', { 'x-api-key': 'alice-secret' }, spec);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expectProblem(await post(`/v1/searches/${id}/cancel`, keyOf('bob')), 404);
    expectProblem(await post(`/v1/searches/${id}/resume`, keyOf('bob')), 404);
    expect([202, 409]).toContain((await post(`/v1/searches/${id}/cancel`, keyOf('alice'))).statusCode);
  });

  it('with keys, reads need one too and see only the caller’s searches; an admin key sees and changes all; health stays open', async () => {
    const mine = (await post('/v1/searches', keyOf('alice'), spec)).json().id;
    const theirs = (await post('/v1/searches', keyOf('bob'), spec)).json().id;
    await until(async () => (await get(`/v1/searches/${mine}`, keyOf('alice'))).json().status === 'succeeded', 60_000, 'the search to succeed');
    const trial = (await get(`/v1/searches/${mine}/trials`, keyOf('alice'))).json().items[0];
    expect(trial).toBeDefined();

    const reads = [`/v1/searches/${mine}`, `/v1/searches/${mine}/trials`, `/v1/searches/${mine}/trials.csv`, `/v1/searches/${mine}/trials.jsonl`, `/v1/searches/${mine}/best`, `/v1/searches/${mine}/importance`, `/v1/searches/${mine}/events`, `/v1/trials/${trial.id}`, `/v1/trials/${trial.id}/metrics`, `/v1/trials/${trial.id}/logs`];
    for (const url of ['/v1/searches', ...reads, '/metrics'])
      expectProblem(await get(url), 401, 'authorization');
    for (const url of reads) {
      expect((await get(url, keyOf('alice'))).statusCode, url).toBe(200);
      expect((await get(url, keyOf('root'))).statusCode, url).toBe(200);
      expectProblem(await get(url, keyOf('bob')), 404);
    }
    // another tenant's search answers as one that does not exist
    const unknown = randomUUID();
    expect((await get(`/v1/searches/${mine}`, keyOf('bob'))).json().detail.replace(mine, unknown)).toBe((await get(`/v1/searches/${unknown}`, keyOf('bob'))).json().detail);

    const listed = async (key: Record<string, string>) => (await get('/v1/searches?limit=200', key)).json().items.map((s: { id: string }) => s.id);
    expect(await listed(keyOf('alice'))).toContain(mine);
    expect(await listed(keyOf('alice'))).not.toContain(theirs);
    expect(await listed(keyOf('bob'))).toContain(theirs);
    expect(await listed(keyOf('bob'))).not.toContain(mine);
    expect(await listed(keyOf('root'))).toEqual(expect.arrayContaining([mine, theirs]));

    expect((await get('/metrics', keyOf('bob'))).statusCode).toBe(200);
    expect((await get('/healthz')).statusCode).toBe(200);
    expect([200, 503]).toContain((await get('/readyz')).statusCode);

    // 409 when it already finished: either way past the owner check that answers other tenants 404
    expect([202, 409]).toContain((await post(`/v1/searches/${theirs}/cancel`, keyOf('root'))).statusCode);
  });

  it('ownerless searches (created before API_KEYS) belong to no tenant: only an admin key reads or changes them', async () => {
    const id = (await post('/v1/searches', keyOf('alice'), spec)).json().id;
    await stack.database.db.update(searches).set({ owner: null }).where(eq(searches.id, id));
    expectProblem(await get(`/v1/searches/${id}`, keyOf('alice')), 404);
    expect((await get('/v1/searches?limit=200', keyOf('alice'))).json().items.map((s: { id: string }) => s.id)).not.toContain(id);
    expectProblem(await post(`/v1/searches/${id}/cancel`, keyOf('alice')), 404);
    expectProblem(await post(`/v1/searches/${id}/resume`, keyOf('bob'), {}), 404);
    expect((await get(`/v1/searches/${id}`, keyOf('root'))).statusCode).toBe(200);
    expect([202, 409]).toContain((await post(`/v1/searches/${id}/cancel`, keyOf('root'))).statusCode);
  });

  it('limits per address whatever key headers a caller makes up, and per tenant for valid keys', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) {
      const junk = randomBytes(12).toString('hex');
      const headers = i % 2 === 0 ? { authorization: `Bearer ${junk}` } : { 'x-api-key': junk };
      statuses.push((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.1.2.3', headers })).statusCode);
    }
    expect(statuses.filter((s) => s === 200).length).toBe(40);
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.1.2.3', headers: bearer(randomUUID()) }), 429);
    expect((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.9' })).statusCode).toBe(200);

    // one tenant from many addresses, with a made-up Authorization beside its X-API-Key, is one bucket; another tenant has its own
    const carol: number[] = [];
    for (let i = 0; i < 41; i++) {
      const headers = { 'x-api-key': 'carol-secret', authorization: randomBytes(12).toString('hex') };
      carol.push((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: `10.2.0.${i}`, headers })).statusCode);
    }
    expect(carol.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(carol[40]).toBe(429);
    expect((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.2.0.1', headers: keyOf('dave') })).statusCode).toBe(200);
  });

  it('rejects malformed key settings with a message naming the entry', () => {
    expect(() => parseApiKeys('alice:not-a-hash')).toThrow(/alice:not-a-hash/);
    expect(() => parseApiKeys(`alice:${hashApiKey('a')}`, ['mallory'])).toThrow(/ADMIN_KEY_NAMES.*mallory/);
  });
});

describe('an API without keys: hosts, cross-site requests, headers, methods', () => {
  let stack: TestStack;
  let url: string;
  beforeAll(async () => {
    stack = await startTestStack('pglite', { apiAccess: { allowedHosts: LOOPBACK_HOSTS }, apiLimits: { ...defaultLimits, rateLimitPerMinute: 40, requestTimeoutMs: 5_000, bodyLimitBytes: 64 * 1024 } });
    url = await stack.app!.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers only for allowed hosts (any port); another Host gets 421 problem+json', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost', 'LOCALHOST:1', '[::1]:8080'])
      expect((await stack.app!.inject({ method: 'GET', url: '/healthz', headers: { host } })).statusCode, host).toBe(200);
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example', 'localhost.:80', '[::2]:80'])
      expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches', headers: { host } }), 421, 'host');
  });

  it('rejects a body-less or text/plain mutation (what another site can make a browser send) with 415; JSON or YAML passes', async () => {
    const id = (await stack.app!.inject({ method: 'POST', url: '/v1/searches', payload: spec })).json().id;
    expectProblem(await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/cancel` }), 415, 'content-type');
    expectProblem(await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: { 'content-type': 'text/plain' }, payload: '' }), 415, 'content-type');
    expectProblem(await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }), 415, 'content-type');
    expectProblem(await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(spec) }), 415, 'content-type');
    expect((await stack.app!.inject({ method: 'GET', url: `/v1/searches/${id}` })).json().status).not.toBe('cancelled');
    expect((await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: { 'content-type': 'application/yaml' } })).statusCode).toBe(202);
    expect((await stack.app!.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType })).statusCode).toBeLessThan(300);
  });

  it('sends nosniff, no framing and a CSP on the API, the dashboard and the docs', async () => {
    for (const path of ['/v1/searches', '/docs/', '/ui/', '/no-such-page']) {
      const response = await fetch(`${url}${path}`);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-eval');
    }
  });

  it('answers a known path with the wrong method 405 with Allow, an unknown one 404', async () => {
    const id = randomUUID();
    const replaced = expectProblem(await stack.app!.inject({ method: 'PUT', url: `/v1/searches/${id}`, headers: jsonType, payload: '{}' }), 405);
    expect(replaced.detail).toContain('PUT');
    expect((await stack.app!.inject({ method: 'PUT', url: `/v1/searches/${id}`, headers: jsonType, payload: '{}' })).headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    const put = await stack.app!.inject({ method: 'PUT', url: '/v1/searches', headers: jsonType, payload: '{}' });
    expectProblem(put, 405);
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect((await stack.app!.inject({ method: 'GET', url: `/v1/searches/${id}/cancel` })).headers.allow).toBe('POST');
    // decided before Fastify looks for a body, which a QUERY without a content type would fail with 400
    expectProblem(await stack.app!.inject({ method: 'QUERY' as 'GET', url: `/v1/trials/${id}` }), 405);
    expectProblem(await stack.app!.inject({ method: 'DELETE', url: '/v1/nothing-here' }), 404);
  });

  const rawGet = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const request = httpRequest(`${url}${path}`, { headers }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, type: response.headers['content-type'] ?? '', body: text }));
      });
      request.on('error', reject);
      request.end();
    });

  it('reads the longest schema-valid query, percent-encoded, and answers headers over 64 KiB with 431 problem+json', async () => {
    const names = Array.from({ length: 64 }, (_, i) => `${i}${'/a'.repeat(99)}`).map(encodeURIComponent).join('%2C');
    expect(names.length).toBeGreaterThan(16 * 1024);
    const valid = await rawGet(`/v1/trials/${randomUUID()}/metrics?names=${names}`, {});
    expect(valid.status, valid.body).toBe(404);

    const { status, type, body } = await rawGet('/healthz', { 'x-padding': 'a'.repeat(MAX_HEADER_BYTES) });
    expect(status).toBe(431);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(body)).toMatchObject({ status: 431, title: expect.any(String) });
  });

  it('limits callers without keys per address, whatever Authorization they send', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++)
      statuses.push((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.3.3.3', headers: { authorization: `Bearer ${randomUUID()}`, 'x-api-key': randomUUID() } })).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBe(40);
    expect(statuses.slice(40)).toEqual([429, 429]);
  });
});
