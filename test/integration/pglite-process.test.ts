import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index';
import { serveWireProtocol } from '../../src/db/pglite-wire-server';
import { processesWithEnvMarker } from '../support/processes';

const root = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-pglite-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const childPids = () => processesWithEnvMarker(`HPSEARCH_TEST_ROOT=${root}`);

describe('a PGlite directory served from its own process', () => {
  it('keeps what was written across a close and a reopen, and leaves no process behind', async () => {
    process.env.HPSEARCH_TEST_ROOT = root;
    const dir = path.join(root, 'kept');
    const first = await openDatabase({ pgliteDir: dir });
    expect(first.kind).toBe('pglite');
    await first.db.execute(sql`CREATE TABLE notes (id int PRIMARY KEY, text text)`);
    await first.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO notes VALUES (1, 'kept')`);
    });
    await expect(
      first.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO notes VALUES (2, 'rolled back')`);
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect(childPids()).toHaveLength(1);
    await first.close();
    expect(childPids()).toEqual([]);

    const second = await openDatabase({ pgliteDir: dir });
    const kept = (await second.db.execute(sql`SELECT id, text FROM notes ORDER BY id`)) as { rows: unknown[] };
    expect(kept.rows).toEqual([{ id: 1, text: 'kept' }]);
    await second.close();
  }, 120_000);

  it('waits out the PGlite process of a service killed with kill -9 before serving the directory again', async () => {
    process.env.HPSEARCH_TEST_ROOT = root;
    const dir = path.join(root, 'restarted');
    const opener = `import('./src/db/client.ts').then(async ({ openDatabase }) => { const { db } = await openDatabase({ pgliteDir: process.argv[1] }); await db.execute('CREATE TABLE kept (n int)'); console.log('open'); })`;
    const killed = spawn(process.execPath, ['--import', 'tsx', '-e', opener, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(killed.stdout, 'data');
    killed.kill('SIGKILL');
    const reopened = await openDatabase({ pgliteDir: dir });
    expect(childPids()).toHaveLength(1);
    const kept = (await reopened.db.execute(sql`SELECT count(*)::int AS n FROM kept`)) as { rows: unknown[] };
    expect(kept.rows).toEqual([{ n: 0 }]);
    await reopened.close();
  }, 120_000);

  it('says it is lost when its process is killed', async () => {
    process.env.HPSEARCH_TEST_ROOT = root;
    const database = await openDatabase({ pgliteDir: path.join(root, 'killed') });
    const [pid] = childPids();
    process.kill(pid!, 'SIGKILL');
    expect(await database.lost).toMatch(/the PGlite process for .*killed ended with SIGKILL/);
    await expect(database.ping()).rejects.toThrow();
  }, 120_000);
});

describe('the wire protocol server', () => {
  it('answers queries larger than the socket takes at once intact, and starts the next client clean when one goes away inside a transaction', async () => {
    const db = new PGlite();
    const socketDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-wire-'));
    const server = await serveWireProtocol(db, path.join(socketDir, '.s.PGSQL.5432'));
    const connect = async () => {
      const client = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    try {
      const setup = await connect();
      await setup.query('CREATE TABLE t (n int)');
      // answers larger than the socket takes at once, while the next query already runs
      const rows = await Promise.all([1, 2, 3].map((n) => setup.query('SELECT g, repeat(chr(64 + $1::int), 200) AS text FROM generate_series(1, 20000) g', [n])));
      rows.forEach((result, i) => {
        expect(result.rows).toHaveLength(20_000);
        expect(result.rows.every((row: { g: number; text: string }, j: number) => row.g === j + 1 && row.text === String.fromCharCode(65 + i).repeat(200))).toBe(true);
      });
      await setup.end();

      const abandoned = await connect();
      await abandoned.query('BEGIN');
      await abandoned.query('INSERT INTO t VALUES ($1)', [1]);
      (abandoned as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

      const next = await connect();
      expect((await next.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 0 }]);
      await next.query('BEGIN');
      await next.query('INSERT INTO t VALUES ($1)', [2]);
      await next.query('COMMIT');
      expect((await next.query('SELECT n FROM t')).rows).toEqual([{ n: 2 }]);
      await next.end();
    } finally {
      server.close();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    }
  });
});
