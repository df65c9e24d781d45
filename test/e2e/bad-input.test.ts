import { randomUUID } from 'node:crypto';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { invalidSpecCases, sixKnobGridSpec } from '../fixtures/specs';
import { jsonType } from '../support/api';
import { useTestStack } from '../support/stack';

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, field?: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  return problem;
}

describe('hostile and broken requests get 4xx problem+json', () => {
  const stack = useTestStack('pglite');

  it.each(invalidSpecCases)('POST /v1/searches with $name → 400 naming $field', async ({ mutate, field, message }) => {
    const spec = sixKnobGridSpec();
    mutate(spec);
    const response = await stack().app!.inject({ method: 'POST', url: '/v1/searches', payload: spec });
    const problem = expectProblem(response, 400, field);
    expect(problem.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
  });

  it('accepts YAML and rejects broken YAML and JSON', async () => {
    const spec = { ...sixKnobGridSpec(), budget: { maxTrials: 2, truncateGrid: true } };
    const ok = await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: toYaml(spec) });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers.location).toBe(`/v1/searches/${ok.json().id}`);
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: 'space: [unclosed' }), 400, '(root)');
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/json' }, payload: '{"objective":' }), 400);
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'text/csv' }, payload: 'a,b' }), 415);
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/json' }, payload: '[]' }), 400);
  });

  it('names the line and column of each YAML syntax error', async () => {
    const yaml = ['name: broken yaml', 'objective: { metric: eval_accuracy, goal: maximize }', 'space:', '  learning_rate: { type: float: 0.1 }', '  top_p: [0.9, 1.0', ''].join('\n');
    const problem = expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml }), 400, '(root)');
    expect(problem.type).toBe('/problems/invalid-yaml');
    expect(problem.errors).toEqual([
      { in: 'body', field: '(root)', line: 4, column: 26, message: expect.stringMatching(/not allowed within flow collections/) },
      { in: 'body', field: '(root)', line: 6, column: 1, message: expect.stringMatching(/must be sufficiently indented and end with a \]/) },
    ]);
    expect(problem.detail).toMatch(/^the body is not valid YAML: line 4, column 26: .+; line 6, column 1: /);
  });

  it('answers bad and unknown ids, bad queries and unknown routes with problems', async () => {
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v1/searches/not-a-uuid' }), 400, 'id');
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}` }), 404);
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}/best` }), 404);
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${randomUUID()}/trials` }), 404);
    expectProblem(await stack().app!.inject({ method: 'POST', url: `/v1/searches/${randomUUID()}/cancel`, headers: jsonType }), 404);
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/trials/${randomUUID()}` }), 404);
    expectProblem(await stack().app!.inject({ method: 'GET', url: "/v1/trials/1'%20OR%201=1" }), 400, 'id');
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v1/searches?limit=0' }), 400, 'limit');
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v1/searches?limit=abc' }), 400, 'limit');
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v1/searches?status=sleeping' }), 400, 'status');
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v1/searches?cursor=eyJjIjoxfQ' }), 400, 'cursor');
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v1/searches?unknown=1' }), 400, 'unknown');
    expectProblem(await stack().app!.inject({ method: 'GET', url: '/v2/searches' }), 404);
    const created = await stack().app!.inject({ method: 'POST', url: '/v1/searches', payload: { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } } });
    const id = created.json().id;
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?sort=loss` }), 400, 'sort');
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?cursor=${'A'.repeat(600)}` }), 400, 'cursor');
  });

  it.each([
    { name: 'a NUL in the name', mutate: (s: any) => (s.name = 'a\u0000b'), field: 'name', message: /NUL/ },
    { name: 'a lone surrogate in the name', mutate: (s: any) => (s.name = 'a\ud800b'), field: 'name', message: /surrogate/ },
    { name: 'a NUL in a categorical value', mutate: (s: any) => (s.space.lr_scheduler_type.values = ['linear', 'co\u0000sine']), field: 'space.lr_scheduler_type.values.1', message: /NUL/ },
    { name: 'a lone low surrogate in a fixed value', mutate: (s: any) => (s.fixed.note = '\udc00'), field: 'fixed.note', message: /surrogate/ },
    { name: 'a NUL in a parameter name', mutate: (s: any) => (s.space['x\u0000'] = { type: 'int', values: [1] }), field: 'space.x\\u0000', message: /NUL/ },
  ])('POST /v1/searches with $name → 400 naming $field, never a 500', async ({ mutate, field, message }) => {
    const spec = sixKnobGridSpec();
    mutate(spec);
    const problem = expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(spec) }), 400, field);
    expect(problem.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
  });

  it('rejects NUL and lone surrogates in YAML too', async () => {
    const yaml = toYaml({ ...sixKnobGridSpec(), name: 'placeholder' });
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml.replace('name: placeholder', 'name: "a\\0b"') }), 400, 'name');
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml.replace('name: placeholder', 'name: "\\ud800"') }), 400, 'name');
  });

  it.each([
    ['space', '{"__proto__": {"type": "int", "values": [1]}}'],
    ['fixed', '{"__proto__": 1}'],
  ])('names a __proto__ key in %s instead of dropping it (JSON and YAML)', async (section, entry) => {
    const spec = JSON.stringify(sixKnobGridSpec()).replace(`"${section}":{`, `"${section}":${entry.slice(0, -1)},`);
    const json = expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/json' }, payload: spec }), 400, `${section}.__proto__`);
    expect(json.detail).toContain('__proto__');
    const yaml = toYaml(sixKnobGridSpec()).replace(`${section}:\n`, `${section}:\n  __proto__: ${entry.slice(entry.indexOf(':') + 1, -1)}\n`);
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml }), 400, `${section}.__proto__`);
  });

  it.each(['constructor', 'prototype', 'toString', 'hasOwnProperty'])('%s as a parameter name is not found on Object.prototype', async (name) => {
    for (const section of ['space', 'fixed'] as const) {
      const spec = sixKnobGridSpec() as any;
      spec[section][name] = section === 'space' ? { type: 'int', values: [1] } : 1;
      const problem = expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', payload: spec }), 400, `${section}.${name}`);
      expect(problem.errors[0].message).toMatch(/reserved|does not accept/);
    }
  });

  it('answers tampered cursors with a 400 naming cursor, never a 500', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = (await stack().app!.inject({ method: 'POST', url: '/v1/searches', payload: { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } } })).json().id;
    for (const c of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z'])
      expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches?cursor=${cursor({ c, i: randomUUID() })}` }), 400, 'cursor');
    for (const c of ['2020-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z'])
      expect((await stack().app!.inject({ method: 'GET', url: `/v1/searches?cursor=${cursor({ c, i: randomUUID() })}` })).statusCode).toBe(200);
    for (const o of [2 ** 31, -1, 1e300, 0.5])
      expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?cursor=${cursor({ k: 'ordinal', o, v: 1 })}` }), 400, 'cursor');
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?cursor=${cursor({ k: 'ordinal', o: 1, v: '1' })}` }), 400, 'cursor');
    // a cursor answers only the sort it came from
    expectProblem(await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?sort=objective&cursor=${cursor({ k: 'ordinal', o: 1, v: null })}` }), 400, 'cursor');
    expect((await stack().app!.inject({ method: 'GET', url: `/v1/searches/${id}/trials?sort=objective&cursor=${cursor({ k: 'objective', o: 2 ** 31 - 1, v: -1e308 })}` })).statusCode).toBe(200);
  });

  it('rejects oversized bodies', async () => {
    const spec = sixKnobGridSpec() as any;
    spec.name = 'x'.repeat(2 * 1024 * 1024);
    expectProblem(await stack().app!.inject({ method: 'POST', url: '/v1/searches', payload: spec }), 413);
  });
});
