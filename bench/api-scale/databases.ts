import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/index';
import { createPostgresTestDatabase } from '../../test/support/databases';

export type Backend = { kind: 'pglite' } | { kind: 'postgres'; adminUrl: string };

export interface BenchDatabase {
  database: Database;
  /** A temporary directory for the run: the PGlite database, the artifact store. */
  dataDir: string;
  /** Closes the database and removes it with the directory. */
  drop(): Promise<void>;
}

/** A fresh, migrated database: PGlite in a directory as the service keeps it, or a new database on the PostgreSQL server. */
export async function openBenchDatabase(backend: Backend): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-api-scale-'));
  const database = backend.kind === 'pglite' ? await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') }) : (await createPostgresTestDatabase(undefined, backend.adminUrl)).database;
  return {
    database,
    dataDir,
    async drop() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
