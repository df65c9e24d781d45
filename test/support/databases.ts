import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/index';

export type DatabaseKind = 'pglite' | 'postgres';

/** Postgres is tested when TEST_DATABASE_URL names a server (as .ci/run does); PGlite always. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, migrated database: an in-memory PGlite, or a new database on the test server, dropped on close. */
export async function createTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openDatabase({ pgliteMemory: true });
  return (await createPostgresTestDatabase()).database;
}

/** A new database on the `adminUrl` server (default TEST_DATABASE_URL); `connect` rewrites its URL (e.g. through a proxy). */
export async function createPostgresTestDatabase(connect: (url: URL) => URL = (url) => url, adminUrl = process.env.TEST_DATABASE_URL!): Promise<{ database: Database; url: string }> {
  const name = `hpsearch_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const direct = new URL(adminUrl);
  direct.pathname = `/${name}`;
  const url = connect(direct).toString();
  const database = await openDatabase({ url });
  const close = async () => {
    await database.close();
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
  return { url, database: { ...database, close } };
}
