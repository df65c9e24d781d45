import { buildApp } from './app';
import { unavailableSweeps } from '../searches/index';
import { createTrainerCatalogue } from '../trainer-registration/catalogue';
import { builtInTrainers } from '../trainers/registry';

const why = 'this app instance only describes the API';
const notServing = () => Promise.reject(new Error(why));

/** The OpenAPI document, generated from the routes' zod schemas without connecting to anything. */
export async function buildOpenApiDocument(): Promise<unknown> {
  const app = await buildApp({
    database: { db: undefined as never, kind: 'pglite', ping: notServing, close: async () => undefined },
    sweeps: unavailableSweeps(why),
    trainers: createTrainerCatalogue({ db: undefined as never, builtIns: builtInTrainers(), trialTaskQueue: 'hpsearch-trials' }),
    files: { dataDir: '', artifacts: undefined as never },
  });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}

export const OPENAPI_FILE = 'openapi/openapi.json';

export const renderOpenApi = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;
