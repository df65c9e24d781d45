import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { stopStaleProcesses } from '../util/stale-processes';
import * as schema from './schema/index';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Runs a trivial query; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Of a database in a process of its own (a PGlite directory): resolves, with why, if that process ends before `close`. */
  lost?: Promise<string>;
}

export type DatabaseTarget = { url: string } | { pgliteDir: string } | { pgliteMemory: true };

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
/** Serialises migrations when several processes start against one server. */
const MIGRATION_LOCK = 7_240_113;

/** A readiness ping gives up after this long, though connecting may wait up to the pool's 5 s. */
const PING_TIMEOUT_MS = 2_000;

/**
 * A pool whose lost connections never crash the process: node-postgres emits `error` on a client whose
 * connection ends, idle or checked out (mid-transaction), and an unheard `error` is an uncaught exception.
 * The queries on it fail with the cause, and the pool drops the client when it is released.
 */
function resilientPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Resolves when `query` does, or rejects after `ms`; a late answer or error is dropped. */
async function answersWithin(query: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const pgliteInitEntry = fileURLToPath(new URL('./pglite-init-process.ts', import.meta.url));
const pgliteServerEntry = fileURLToPath(new URL('./pglite-server-process.ts', import.meta.url));

/** A PGlite database (in `dir`, else in memory) in this process, migrated. */
export async function openMigratedPglite(dir?: string): Promise<PGlite> {
  const client = dir === undefined ? new PGlite() : new PGlite(dir);
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  return client;
}

/**
 * Creating a PGlite database (initdb) grows its WebAssembly memory to ~660 MB, which a process never gives
 * back; opening one that exists takes ~210 MB. So a new directory is created by a short-lived child, in a
 * sibling directory renamed into place once complete: a kill mid-way leaves no half-made database.
 */
async function createPgliteDirInChild(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  mkdirSync(path.dirname(dir), { recursive: true });
  const staging = `${dir}.creating`;
  rmSync(staging, { recursive: true, force: true });
  const child = fork(pgliteInitEntry, [staging], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`creating the PGlite database in ${dir} failed (its process ended with ${code ?? signal})`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/** The wire protocol's socket file name in a directory, as node-postgres names it for `host: dir, port`. */
const SOCKET_PORT = 5432;

/**
 * Serves the PGlite database in `dir` from a child process on a Unix socket in a private directory, and
 * connects a pool of one client to it (PGlite has one session). The pool's queue takes the place of PGlite's
 * own lock: one query or transaction at a time.
 */
async function openPgliteInChild(givenDir: string): Promise<Database> {
  const dir = path.resolve(givenDir);
  // one left by a killed service closes once it notices; two on one directory would corrupt it
  await stopStaleProcesses((args) => args.some((arg) => arg.endsWith('pglite-server-process.ts')) && args.includes(dir));
  await createPgliteDirInChild(dir);
  const socketDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-pglite-'));
  const child = fork(pgliteServerEntry, [dir, path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const ready = new Promise<void>((resolve) => child.once('message', (message) => message === 'ready' && resolve()));
  const endedEarly = exited.then(([code, signal]) => `the PGlite process for ${dir} ended with ${code ?? signal}`);
  const started = await Promise.race([ready.then(() => undefined), endedEarly]);
  if (started !== undefined) {
    rmSync(socketDir, { recursive: true, force: true });
    throw new Error(started);
  }
  let closing = false;
  const pool = resilientPool({ host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres', max: 1, idleTimeoutMillis: 0 });
  const db = drizzlePg(pool, { schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: () => answersWithin(pool.query('SELECT 1'), PING_TIMEOUT_MS),
    close: async () => {
      closing = true;
      await pool.end();
      child.send('stop');
      await exited;
      rmSync(socketDir, { recursive: true, force: true });
    },
    lost: endedEarly.then(async (reason) => (closing ? new Promise<string>(() => undefined) : reason)),
  };
}

/** Opens the database and applies pending migrations. Never connects at import time. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) {
    const pool = resilientPool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 });
    const db = drizzlePg(pool, { schema });
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    return { db: db as unknown as Db, kind: 'postgres', ping: () => answersWithin(pool.query('SELECT 1'), PING_TIMEOUT_MS), close: () => pool.end() };
  }
  if ('pgliteDir' in target) return openPgliteInChild(target.pgliteDir);
  const client = await openMigratedPglite();
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: () => db.execute(sql`SELECT 1`).then(() => undefined),
    close: () => client.close(),
  };
}
