import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index';
import { searches } from '../../src/db/schema/index';
import { createPostgresTestDatabase } from '../support/databases';
import { TcpProxy } from '../support/tcp-proxy';

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL connection lost inside a transaction', () => {
  let proxy: TcpProxy;
  let database: Database;
  const uncaught: unknown[] = [];
  const recordUncaught = (error: unknown) => uncaught.push(error);
  beforeAll(async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await new TcpProxy({ host: server.hostname, port: Number(server.port || 5432) }).start();
    database = (await createPostgresTestDatabase((url) => Object.assign(new URL(url), { port: String(proxy.port) }))).database;
    process.on('uncaughtException', recordUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', recordUncaught);
    await proxy?.restore().catch(() => undefined);
    await database?.close();
    await proxy?.stop();
  });

  it('fails that transaction without an uncaught error, and the next query gets a fresh connection', async () => {
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute(sql`SELECT 1`);
    });
    await expect(transaction).rejects.toThrow();
    expect(uncaught).toEqual([]);
    await proxy.restore();
    expect(await database.db.select({ stored: count() }).from(searches)).toEqual([{ stored: 0 }]);
  });
});
