import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, OPENAPI_FILE, renderOpenApi } from '../../src/api/openapi';

describe('the committed OpenAPI document', () => {
  it('matches the routes and schemas (run `npm run openapi` after changing them)', async () => {
    const generated = renderOpenApi(await buildOpenApiDocument());
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(generated);
  });

  it('describes every route with problem responses and named components', async () => {
    const document = (await buildOpenApiDocument()) as any;
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/healthz', '/readyz', '/v1/searches', '/v1/searches/{id}', '/v1/searches/{id}/best', '/v1/searches/{id}/cancel',
        '/v1/searches/{id}/resume', '/v1/searches/{id}/events', '/v1/searches/{id}/importance', '/v1/searches/{id}/pareto', '/v1/searches/{id}/history', '/v1/searches/{id}/trials', '/v1/searches/{id}/trials.csv', '/v1/searches/{id}/trials.jsonl',
        '/v1/trials/{id}', '/v1/trials/{id}/metrics', '/v1/trials/{id}/logs', '/v1/trainers', '/v1/compare',
      ].sort(),
    );
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['SearchSpecInput', 'Search', 'Trial', 'TrialDetail', 'TrialMetrics', 'Problem', 'Trainer', 'TrainerList', 'ParameterImportance', 'Comparison', 'ParetoSet']));
    expect(document.paths['/v1/searches'].post.responses['400']).toBeDefined();
  });

  it('passes Redocly\'s recommended lint rules without an error or a warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hpsearch-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await writeFile(file, renderOpenApi(await buildOpenApiDocument()));
      // the pinned devDependency, offline: no telemetry, no update check
      const { stdout } = await promisify(execFile)('node_modules/.bin/redocly', ['lint', '--extends', 'recommended', '--format', 'json', file], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(stdout) as { totals: Record<string, number>; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
      expect(report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
