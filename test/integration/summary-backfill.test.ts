import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSearchSummaries, summariesOf, type Db } from '../../src/db/index';
import * as schema from '../../src/db/schema/index';

/** The migrations folder as it stood before `tag`: its journal cut there. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-migrations-'));
  cpSync('migrations', dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag));
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe('migration 0015 backfills the summaries of existing searches', () => {
  const before = migrationsBefore('0015_search_summaries');
  afterAll(() => rmSync(before, { recursive: true, force: true }));

  it('counts their trials per status and finds their best trials', async () => {
    const client = new PGlite();
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: before });
    const [maximizing, minimizing] = [randomUUID(), randomUUID()];
    for (const [id, goal] of [[maximizing, 'maximize'], [minimizing, 'minimize']] as const) {
      await db.execute(sql`insert into searches (id, name, spec, resolved, workflow_id) values (${id}, 'old', '{}'::jsonb, ${JSON.stringify({ objective: { metric: 'm', goal } })}::jsonb, ${id})`);
      await db.execute(sql`
        insert into trials (id, search_id, ordinal, params, train_key, status, objective)
        select gen_random_uuid(), ${id}::uuid, n, '{}'::jsonb, 'k', (array['succeeded', 'failed', 'queued'])[n % 3 + 1], n::float8
        from generate_series(0, 8) as n`);
    }
    await migrate(db as never, { migrationsFolder: 'migrations' });

    expect((await checkSearchSummaries(db)).mismatches).toEqual([]);
    const summaries = await summariesOf(db, [maximizing, minimizing]);
    expect(summaries.get(maximizing)).toMatchObject({ goal: 'maximize', succeeded: 3, failed: 3, queued: 3, bestObjective: 6 });
    expect(summaries.get(minimizing)).toMatchObject({ goal: 'minimize', succeeded: 3, bestObjective: 0 });
    await client.close();
  });
});
