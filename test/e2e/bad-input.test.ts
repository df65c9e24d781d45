import { randomUUID } from 'node:crypto';
import { stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidSpecCases, sixKnobGridSpec } from '../fixtures/specs';
import { jsonType } from '../support/api';
import { startTestStack, type TestStack } from '../support/stack';

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, field?: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  return problem;
}

describe('hostile and broken requests get 4xx problem+json', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('pglite');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each(invalidSpecCases)('POST /v1/searches with $name → 400 naming $field', async ({ mutate, field, message }) => {
    const spec = sixKnobGridSpec();
    mutate(spec);
    const response = await stack.app!.inject({ method: 'POST', url: '/v1/searches', payload: spec });
    const problem = expectProblem(response, 400, field);
    expect(problem.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
  });

  it('accepts YAML and rejects broken YAML and JSON', async () => {
    const spec = { ...sixKnobGridSpec(), budget: { maxTrials: 2, truncateGrid: true } };
    const ok = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: toYaml(spec) });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers.location).toBe(`/v1/searches/${ok.json().id}`);
    expectProblem(await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: 'space: [unclosed' }), 400, '(root)');
    expectProblem(await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/json' }, payload: '{"objective":' }), 400);
    expectProblem(await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'text/csv' }, payload: 'a,b' }), 415);
    expectProblem(await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/json' }, payload: '[]' }), 400);
  });

  it('answers bad and unknown ids, bad queries and unknown routes with problems', async () => {
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches/not-a-uuid' }), 400, 'id');
    expectProblem(await stack.app!.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}` }), 404);
    expectProblem(await stack.app!.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}/best` }), 404);
    expectProblem(await stack.app!.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}/trials` }), 404);
    expectProblem(await stack.app!.inject({ method: 'POST', url: `/v1/searches/${randomUUID()}/cancel`, headers: jsonType }), 404);
    expectProblem(await stack.app!.inject({ method: 'GET', url: `/v1/trials/${randomUUID()}` }), 404);
    expectProblem(await stack.app!.inject({ method: 'GET', url: "/v1/trials/1'%20OR%201=1" }), 400, 'id');
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches?limit=0' }), 400, 'limit');
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches?limit=abc' }), 400, 'limit');
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches?status=sleeping' }), 400, 'status');
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches?cursor=eyJjIjoxfQ' }), 400, 'cursor');
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v1/searches?unknown=1' }), 400, 'unknown');
    expectProblem(await stack.app!.inject({ method: 'GET', url: '/v2/searches' }), 404);
    const created = await stack.app!.inject({ method: 'POST', url: '/v1/searches', payload: { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } } });
    const id = created.json().id;
    expectProblem(await stack.app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?sort=loss` }), 400, 'sort');
    expectProblem(await stack.app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?cursor=${'A'.repeat(600)}` }), 400, 'cursor');
  });

  it('rejects oversized bodies', async () => {
    const spec = sixKnobGridSpec() as any;
    spec.name = 'x'.repeat(2 * 1024 * 1024);
    expectProblem(await stack.app!.inject({ method: 'POST', url: '/v1/searches', payload: spec }), 413);
  });
});
