import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertSearch, openDatabase, recordSuggestedTrials, searchSummaries, type Database } from '../../src/db/index';
import { resolveSpec } from '../../src/search-spec/resolve';
import { searchSpecSchema } from '../../src/search-spec/search-spec';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { hpsearchWith } from '../support/cli';
import { createPostgresTestDatabase, databaseKinds, type DatabaseKind } from '../support/databases';

const spec = searchSpecSchema.parse({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  budget: { maxTrials: 4 },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
});

/** A database the CLI can open too, with the environment that names it. */
async function sharedDatabase(kind: DatabaseKind): Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<Database>; drop: () => Promise<void> }> {
  if (kind === 'postgres') {
    const { database, url } = await createPostgresTestDatabase();
    return { env: { DATABASE_URL: url }, open: async () => database, drop: () => database.close() };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-check-'));
  return { env: { DATABASE_URL: undefined, DATA_DIR: dataDir }, open: () => openDatabase({ pgliteDir: path.join(dataDir, 'pglite') }), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe.each(databaseKinds)('hpsearch check-summaries (%s)', (kind) => {
  it('reports a summary that differs from its trials, exits 1, and with --fix rewrites it', async () => {
    const shared = await sharedDatabase(kind);
    try {
      const database = await shared.open();
      const resolved = resolveSpec(spec, createTrainerRegistry());
      if (!resolved.ok) throw new Error('spec should resolve');
      const id = randomUUID();
      await insertSearch(database.db, { id, name: 'drift', spec, resolved: resolved.spec, workflowId: `search-${id}` });
      await recordSuggestedTrials(database.db, id, [0, 1].map((ordinal) => ({ ordinal, params: {}, trainKey: `k${ordinal}` })));
      await database.db.update(searchSummaries).set({ queued: 5 }).where(eq(searchSummaries.searchId, id));
      // PGlite is one process's: the CLI opens it once this one is closed
      if (kind === 'pglite') await database.close();

      const found = await hpsearchWith(shared.env, 'check-summaries');
      expect(found.code, found.stderr).toBe(1);
      expect(found.stdout).toContain(`search ${id}: queued differ`);
      expect(found.stdout).toContain('1 searches checked: 1 differ (--fix rewrites them)');

      const fixed = await hpsearchWith(shared.env, 'check-summaries', '--search', id, '--fix', '--json');
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(JSON.parse(fixed.stdout)).toMatchObject({ checked: 1, fixed: true, mismatches: [{ searchId: id, fields: ['queued'], aggregate: { counts: { queued: 2 } } }] });

      const clean = await hpsearchWith(shared.env, 'check-summaries');
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stdout.trim()).toBe('1 searches checked: every summary equals its trials');

      const bad = await hpsearchWith(shared.env, 'check-summaries', '--search', 'nope');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('must be a search id');
    } finally {
      await shared.drop();
    }
  }, 240_000);
});
