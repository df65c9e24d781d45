import { DEFAULT_ARTIFACT_MAX_BYTES, openArtifactStore, type ArtifactStore } from '../../src/artifacts/index';
import type { Db } from '../../src/db/index';

/** The PostgreSQL artifact store in a test's database (PGlite or PostgreSQL): nothing outside it to clean up. */
export const databaseArtifacts = (db: Db): ArtifactStore => openArtifactStore({ kind: 'postgres', maxBytes: DEFAULT_ARTIFACT_MAX_BYTES }, db).store;
