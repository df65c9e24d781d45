import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Lints code with the repository's eslint.config.js as if it were workflows/fixture.ts or src/fixture.ts. ESLint
 * runs from test/fixtures/lint/, so the config's patterns (workflows/**) apply there, and the type checker sees the
 * two placeholder files through the small tsconfig beside them instead of loading the whole project; that tsconfig
 * resolves no imports (the rules under test need only the promise types of the code itself), which keeps this fast.
 */
const FIXTURES = path.resolve('test/fixtures/lint');
const WORKFLOW_FILE = 'workflows/fixture.ts';
const SERVER_FILE = 'src/fixture.ts';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: FIXTURES, overrideConfigFile: path.resolve('eslint.config.js'), ignore: false });
});

/** The lines of `code` where `rule` reports an error when the code sits in `filePath`. */
async function errorLines(code: string[], filePath: string, rule: string): Promise<number[]> {
  const [result] = await eslint.lintText(code.join('\n'), { filePath });
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return result!.messages.filter((m) => m.severity === 2 && m.ruleId === rule).map((m) => m.line);
}

describe('lint rules', () => {
  it('reports floating and misused promises and awaited non-promises as errors everywhere', async () => {
    const code = [
      'async function save(): Promise<void> {}',
      'save();',
      'export const each = [1].forEach(async () => save());',
      'export async function twice(n: number): Promise<number> { return (await n) * 2; }',
      'void save();',
      'export const saved = save().catch(() => undefined);',
    ];
    for (const filePath of [SERVER_FILE, WORKFLOW_FILE]) {
      expect(await errorLines(code, filePath, '@typescript-eslint/no-floating-promises'), filePath).toEqual([2]);
      expect(await errorLines(code, filePath, '@typescript-eslint/no-misused-promises'), filePath).toEqual([3]);
      expect(await errorLines(code, filePath, '@typescript-eslint/await-thenable'), filePath).toEqual([4]);
    }
  });

  it('rejects Node built-ins and I/O modules in workflows/ only', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import fs from 'fs';",
      "import { setTimeout as wait } from 'timers/promises';",
      "import pg from 'pg';",
      "import { Context } from '@temporalio/activity';",
      "import { sql } from 'drizzle-orm';",
      "import { eq } from 'drizzle-orm/sql';",
      "import { openDatabase } from '../src/db/client';",
      "import { createSweepActivities } from '../activities/index';",
      'export const used = [readFileSync, fs, wait, pg, Context, sql, eq, openDatabase, createSweepActivities];',
    ];
    expect(await errorLines(code, WORKFLOW_FILE, '@typescript-eslint/no-restricted-imports')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await errorLines(code, SERVER_FILE, '@typescript-eslint/no-restricted-imports')).toEqual([]);
  });

  it('lets workflows import types from activities, the database and I/O modules', async () => {
    const code = [
      "import type { SweepActivities } from '../activities/index';",
      "import type { Database } from '../src/db/client';",
      "import type { Context } from '@temporalio/activity';",
      'export type Used = [SweepActivities, Database, Context];',
    ];
    expect(await errorLines(code, WORKFLOW_FILE, '@typescript-eslint/no-restricted-imports')).toEqual([]);
  });

  it('rejects timers, clocks, unseeded randomness and dynamic imports in workflows/ only', async () => {
    const code = [
      'export const timer = setTimeout(() => undefined, 10);',
      'export const now = Date.now();',
      'export const coin = Math.random();',
      'export const today = new Date();',
      'export const epoch = new Date(0);',
      "export const later = import('./later');",
    ];
    expect(await errorLines(code, WORKFLOW_FILE, 'no-restricted-globals')).toEqual([1]);
    expect(await errorLines(code, WORKFLOW_FILE, 'no-restricted-properties')).toEqual([2, 3]);
    expect(await errorLines(code, WORKFLOW_FILE, 'no-restricted-syntax')).toEqual([4, 6]);
    for (const rule of ['no-restricted-globals', 'no-restricted-properties', 'no-restricted-syntax']) {
      expect(await errorLines(code, SERVER_FILE, rule), rule).toEqual([]);
    }
  });
});
