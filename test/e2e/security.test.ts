import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeys } from '../../src/api/auth';
import { sixKnobGridSpec } from '../fixtures/specs';
import { startTestStack, type TestStack } from '../support/stack';

const spec = { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys and rate limits', () => {
  let stack: TestStack;
  beforeAll(async () => {
    const apiKeys = parseApiKeys(`alice:${hashApiKey('alice-secret')},bob:${hashApiKey('bob-secret')}`);
    stack = await startTestStack('pglite', { apiKeys, apiLimits: { rateLimitPerMinute: 40, requestTimeoutMs: 5_000, bodyLimitBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('requires a valid key on mutating routes, keeps reads open, and scopes changes to the key that created a search', async () => {
    const app = stack.app!;
    const anonymous = await app.inject({ method: 'POST', url: '/v1/searches', payload: spec });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
    expect(anonymous.json().errors[0]).toMatchObject({ in: 'headers', field: 'authorization' });
    expect((await app.inject({ method: 'POST', url: '/v1/searches', payload: spec, headers: bearer('guess') })).statusCode).toBe(401);

    const created = await app.inject({ method: 'POST', url: '/v1/searches', payload: spec, headers: { 'x-api-key': 'alice-secret' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await app.inject({ method: 'GET', url: `/v1/searches/${id}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: bearer('bob-secret') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: bearer('bob-secret') })).statusCode).toBe(404);
    expect([202, 409]).toContain((await app.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: bearer('alice-secret') })).statusCode);
  });

  it('answers 429 problem+json past the rate limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.1.2.3' })).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    const limited = await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.1.2.3' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect((await stack.app!.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
  });

  it('rejects malformed key settings with a message naming the entry', () => {
    expect(() => parseApiKeys('alice:not-a-hash')).toThrow(/alice:not-a-hash/);
  });
});
