import { readFile } from 'node:fs/promises';
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
        '/v1/searches/{id}/resume', '/v1/searches/{id}/events', '/v1/searches/{id}/trials', '/v1/trials/{id}', '/v1/trials/{id}/logs', '/v1/trainers',
      ].sort(),
    );
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['SearchSpec', 'Search', 'Trial', 'TrialDetail', 'Problem', 'Trainer', 'TrainerList']));
    expect(document.paths['/v1/searches'].post.responses['400']).toBeDefined();
  });
});
