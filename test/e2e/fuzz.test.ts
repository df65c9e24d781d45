import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/api/deps';
import { sixKnobGridSpec } from '../fixtures/specs';
import { useTestStack } from '../support/stack';

const RUNS = 2_200;

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom("' OR 1=1 --", '"; DROP TABLE searches; --', '../../../etc/passwd', '$(rm -rf /)', '%00', '\u202e', 'NaN', 'Infinity', '-0', '1e309', '__proto__', 'constructor'),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

const jsonValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 0.1, 'NaN', '', '1'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  hostile,
  fc.anything({ maxDepth: 3 }),
);

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: [nested(depth - 1)] });

/** A valid spec with one field replaced, removed or added at a random path. */
const mutatedSpec = fc
  .record({
    path: fc.constantFrom(
      ['name'], ['objective'], ['objective', 'metric'], ['objective', 'goal'], ['algorithm'], ['seed'], ['budget'], ['budget', 'maxTrials'],
      ['budget', 'parallelism'], ['budget', 'maxFailedTrials'], ['trainer'], ['trainer', 'name'], ['space'], ['space', 'learning_rate'],
      ['space', 'learning_rate', 'low'], ['space', 'learning_rate', 'log'], ['space', 'top_p', 'steps'], ['space', 'lr_scheduler_type', 'values'],
      ['space', 'temperature', 'type'], ['fixed'], ['fixed', 'weight_decay'], ['extra'], ['space', 'x'], ['enqueue'], ['warmStartFrom'],
    ),
    value: fc.oneof(jsonValue, fc.constant(undefined), fc.integer({ min: 0, max: 60 }).map(nested)),
  })
  .map(({ path, value }) => {
    const spec: any = { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } };
    let target = spec;
    for (const key of path.slice(0, -1)) target = target[key] = typeof target[key] === 'object' && target[key] !== null ? { ...target[key] } : {};
    if (value === undefined) delete target[path[path.length - 1]!];
    else target[path[path.length - 1]!] = value;
    return spec;
  });

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

function requests(knownSearch: string, knownTrial: string): fc.Arbitrary<Request> {
  const id = fc.oneof(fc.constant(knownSearch), fc.constant(knownTrial), fc.uuid(), hostile.map(encodeURIComponent));
  const query = fc.dictionary(fc.oneof(fc.constantFrom('limit', 'cursor', 'status', 'sort', 'order'), fc.string({ maxLength: 10 })), hostile, { maxKeys: 4 }).map((q) => new URLSearchParams(q).toString());
  const path = fc.oneof(
    fc.tuple(fc.constant('/v1/searches'), query).map(([p, q]) => `${p}?${q}`),
    id.map((i) => `/v1/searches/${i}`),
    id.map((i) => `/v1/searches/${i}/best`),
    fc.tuple(id, query).map(([i, q]) => `/v1/searches/${i}/trials?${q}`),
    id.map((i) => `/v1/searches/${i}/events`),
    id.map((i) => `/v1/trials/${i}`),
    id.map((i) => `/v1/searches/${i}/cancel`),
    id.map((i) => `/v1/searches/${i}/resume`),
    fc.tuple(id, id).map(([a, b]) => `/v1/compare?searches=${a},${b}`),
    hostile.map((h) => `/v1/${encodeURIComponent(h)}`),
  );
  const body = fc.oneof(
    mutatedSpec.map((s) => ({ payload: JSON.stringify(s), headers: { 'content-type': 'application/json' } })),
    fc.anything().map((v) => ({ payload: JSON.stringify(v) ?? 'null', headers: { 'content-type': 'application/json' } })),
    hostile.map((h) => ({ payload: h, headers: { 'content-type': 'application/json' } })),
    hostile.map((h) => ({ payload: `name: ${h}\nspace: [${h}`, headers: { 'content-type': 'application/yaml' } })),
    fc.constant({ payload: 'a: &a [*a, *a]\nb: *a', headers: { 'content-type': 'application/yaml' } }),
    fc.integer({ min: 100, max: 1_000 }).map((n) => ({ payload: JSON.stringify(nested(n)), headers: { 'content-type': 'application/json' } })),
    fc.constant({ payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } }),
    hostile.map((h) => ({ payload: h, headers: { 'content-type': `text/${h.replace(/[^a-z]/g, '') || 'plain'}` } })),
    fc.record({ maxTrials: jsonValue }).map((b) => ({ payload: JSON.stringify(b), headers: { 'content-type': 'application/json' } })),
  );
  return fc.oneof(
    fc.record({ method: fc.constant('GET' as const), url: path }),
    fc.tuple(fc.constantFrom('POST' as const, 'PUT' as const, 'DELETE' as const, 'PATCH' as const), fc.oneof(fc.constant('/v1/searches'), path), body).map(([method, url, b]) => ({ method, url, ...b })),
  );
}

describe('API fuzzing', () => {
  const stack = useTestStack('pglite', { apiLimits: { ...defaultLimits, rateLimitPerMinute: 1_000_000 } });

  it(`answers ${RUNS} malformed and adversarial requests without a 5xx, every rejection a problem naming the field`, async () => {
    const app = stack().app!;
    const created = await app.inject({ method: 'POST', url: '/v1/searches', payload: { ...sixKnobGridSpec(), budget: { maxTrials: 1, truncateGrid: true } } });
    const searchId = created.json().id;
    const histogram = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests(searchId, randomUUID()), async (request) => {
        const response = await app.inject(request);
        histogram.set(response.statusCode, (histogram.get(response.statusCode) ?? 0) + 1);
        expect(response.statusCode, `${request.method} ${request.url}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          const problem = response.json();
          expect(problem.status).toBe(response.statusCode);
          if ([400, 413, 414, 415].includes(response.statusCode)) {
            expect(problem.errors?.length, JSON.stringify(problem)).toBeGreaterThan(0);
            for (const error of problem.errors) expect(error.field).toMatch(/\S/);
          }
        }
      }),
      { numRuns: RUNS, seed: 20261126 },
    );
    const counts = [...histogram].sort(([a], [b]) => a - b);
    console.log(`fuzz: ${RUNS} requests, status histogram ${counts.map(([s, n]) => `${s}:${n}`).join(' ')}`);
    expect(counts.reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThanOrEqual(RUNS);
  }, 240_000);
});
