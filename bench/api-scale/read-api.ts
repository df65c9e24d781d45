import path from 'node:path';
import { buildApp } from '../../src/api/app';
import { DEFAULT_ARTIFACT_MAX_BYTES, openArtifactStore } from '../../src/artifacts/index';
import type { Database } from '../../src/db/index';
import { unavailableSweeps } from '../../src/searches/index';
import { createTrainerCatalogue } from '../../src/trainer-registration/catalogue';
import { builtInTrainers } from '../../src/trainers/registry';
import { benchApiLimits } from '../embedded-stack';

/**
 * The API alone over `database`, listening on a free loopback port, keeping `answerCacheBytes` of answers:
 * reads need no sweep engine, so none is connected.
 */
export async function startReadApi(database: Database, dataDir: string, answerCacheBytes: number): Promise<{ url: string; close(): Promise<void> }> {
  const artifacts = openArtifactStore({ kind: 'fs', dir: path.join(dataDir, 'artifacts'), maxBytes: DEFAULT_ARTIFACT_MAX_BYTES }, database.db);
  const app = await buildApp({
    database,
    sweeps: unavailableSweeps('this benchmark serves reads only'),
    trainers: createTrainerCatalogue({ db: database.db, builtIns: builtInTrainers(), trialTaskQueue: 'api-scale-trials' }),
    files: { dataDir, artifacts: artifacts.store },
    limits: { ...benchApiLimits, answerCacheBytes },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    async close() {
      await app.close();
      artifacts.close();
    },
  };
}
