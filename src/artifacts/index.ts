import path from 'node:path';
import type { Config } from '../config';
import type { Db } from '../db/index';
import { filesystemBackend } from './fs-backend';
import { MAX_ARTIFACT_FILES } from './limits';
import { postgresBackend } from './postgres-backend';
import { s3Backend, type S3BackendOptions } from './s3-backend';
import { ArtifactStore } from './store';

export { ArtifactStore, ArtifactTooLarge, type ArtifactLimits, type StoredArtifact } from './store';
export { DEFAULT_ARTIFACT_MAX_BYTES } from './limits';
export { artifactKey, InvalidArtifactKey, isKeySegment, modelKeyOf, trainingCheckpointsKey, trialCheckpointsKey } from './keys';


/** Where a worker keeps models and checkpoints: what every worker of a deployment must agree on. */
export type ArtifactSettings = { maxBytes: number } & ({ kind: 'fs'; dir: string } | { kind: 'postgres' } | ({ kind: 's3' } & S3BackendOptions));

export function artifactSettings(config: Config): ArtifactSettings {
  const maxBytes = config.ARTIFACT_MAX_BYTES;
  if (config.ARTIFACT_STORE === 'postgres') return { kind: 'postgres', maxBytes };
  if (config.ARTIFACT_STORE === 's3')
    return {
      kind: 's3',
      maxBytes,
      bucket: config.ARTIFACT_S3_BUCKET!,
      prefix: config.ARTIFACT_S3_PREFIX,
      region: config.ARTIFACT_S3_REGION,
      forcePathStyle: config.ARTIFACT_S3_FORCE_PATH_STYLE,
      ...(config.ARTIFACT_S3_ENDPOINT ? { endpoint: config.ARTIFACT_S3_ENDPOINT } : {}),
    };
  return { kind: 'fs', maxBytes, dir: path.resolve(config.ARTIFACT_DIR ?? path.join(config.dataDir, 'artifacts')) };
}

/** The store the settings name; `postgres` keeps its objects in `db`. `close` releases the S3 client's sockets. */
export function openArtifactStore(settings: ArtifactSettings, db: Db): { store: ArtifactStore; close(): void } {
  const limits = { maxBytes: settings.maxBytes, maxFiles: MAX_ARTIFACT_FILES };
  if (settings.kind === 'fs') return { store: new ArtifactStore(filesystemBackend(settings.dir), limits), close: () => undefined };
  if (settings.kind === 'postgres') return { store: new ArtifactStore(postgresBackend(db), limits), close: () => undefined };
  const backend = s3Backend(settings);
  return { store: new ArtifactStore(backend, limits), close: () => backend.close() };
}
