import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandTrainerConfig } from '../../src/trainers/command/config';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { allTrials, getJson, waitForSearch } from '../support/api';
import { csvRecords } from '../support/csv';
import { hpsearchInPty, screenLines } from '../support/pty';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * A trainer whose trials finish only once the file named by their `gate` parameter exists, so a test
 * decides when a search ends; its eval_accuracy is the trial's learning rate.
 */
const gatedTrainer: CommandTrainerConfig = {
  name: 'gated',
  description: 'waits for its gate file, then reports eval_accuracy = learning_rate',
  command: [
    process.execPath,
    '-e',
    `const fs = require('node:fs');
const { params } = JSON.parse(fs.readFileSync(process.env.HPSEARCH_PARAMS_FILE, 'utf8'));
const wait = setInterval(() => {
  if (!fs.existsSync(params.gate)) return;
  clearInterval(wait);
  console.log(JSON.stringify({ step: 1, loss: 1 - params.learning_rate }));
  console.log(JSON.stringify({ eval: { eval_accuracy: params.learning_rate } }));
}, 50);`,
  ],
  env: {},
  parameters: {
    learning_rate: { stage: 'train', description: '' },
    gate: { stage: 'train', description: 'a file whose existence lets the trial finish' },
  },
  acceptsExtraParameters: false,
  stages: false,
  metrics: ['eval_accuracy'],
  killGraceMs: 1_000,
  stallTimeoutMs: 300_000,
};

let stack: TestStack;
let url: string;
let dir: string;
let searches = 0;

/** A search of three gated trials (learning rates 0.1, 0.2, 0.3, all at once); `open()` lets them finish. */
async function gatedSearch(name: string): Promise<{ id: string; open: () => void }> {
  const gate = path.join(dir, `gate-${++searches}`);
  const created = await stack.app!.inject({
    method: 'POST',
    url: '/v1/searches',
    payload: {
      name,
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      budget: { parallelism: 3 },
      trainer: { name: 'gated' },
      space: { learning_rate: { type: 'float', values: [0.1, 0.2, 0.3] } },
      fixed: { gate },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return { id: created.json<{ id: string }>().id, open: () => writeFileSync(gate, '') };
}

/** Runs hpsearch in a pseudo-terminal to its end. */
async function hpsearch(...args: string[]) {
  const { code, output } = await hpsearchInPty(...args, '--url', url).exited;
  return { code, lines: screenLines(output), output };
}

const progressBar = /\[[#-]{24}\] \d+\/3 /;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-cli-terminal-'));
  stack = await startTestStack('pglite', { trainers: createTrainerRegistry([gatedTrainer]) });
  url = await stack.app!.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the hpsearch CLI in a terminal', () => {
  it('list: newest first with status, progress and best objective; --status filters, --limit pages', async () => {
    const older = await gatedSearch('list older');
    older.open();
    await waitForSearch(stack.app!, older.id, ['succeeded'], 30_000);
    const newer = await gatedSearch('list newer');

    const [all, succeeded, newest, badStatus] = await Promise.all([hpsearch('list'), hpsearch('list', '--status', 'succeeded'), hpsearch('list', '--limit', '1'), hpsearch('list', '--status', 'finished')]);
    expect(all.code, all.output).toBe(0);
    expect(all.lines[0]).toMatch(/^id +name +status +progress +best +created \(UTC\)$/);
    const rows = all.lines.filter((line) => line.startsWith(older.id) || line.startsWith(newer.id));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^${newer.id} +list newer +(queued|running) +0/3 0% +- +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`));
    expect(rows[1]).toMatch(new RegExp(`^${older.id} +list older +succeeded +3/3 100% +eval_accuracy=0\\.3 +\\d{4}-`));

    expect(succeeded.output).toContain(older.id);
    expect(succeeded.output).not.toContain(newer.id);

    expect(newest.lines.filter((line) => /^[0-9a-f]{8}-/.test(line))).toEqual([expect.stringMatching(new RegExp(`^${newer.id} `))]);
    expect(newest.output).toContain('older searches not shown (raise --limit 1)');

    expect(badStatus.code).toBe(2);
    expect(badStatus.output).toContain('must be one of queued, running, succeeded, failed, cancelled, interrupted');
    newer.open();
  });

  it('status --watch re-attaches to a running search: Ctrl-C detaches, the next watch follows it to its end', async () => {
    const search = await gatedSearch('watched');

    const first = hpsearchInPty('status', search.id, '--watch', '--interval', '200', '--url', url);
    await first.waitFor(progressBar, 30_000, 'the first watch to draw progress');
    first.interrupt();
    const detached = await first.exited;
    expect(detached.code, detached.output).toBe(130);
    expect(detached.output).toContain(`detached; search ${search.id} keeps running (hpsearch status ${search.id} --watch follows it again)`);
    // the gate is closed: nothing can have ended the search, and the detach did not cancel it
    expect((await getJson(stack.app!, `/v1/searches/${search.id}`)).status).toMatch(/^(queued|running)$/);

    const second = hpsearchInPty('status', search.id, '--watch', '--interval', '200', '--url', url);
    await second.waitFor(progressBar, 30_000, 'the second watch to draw progress');
    search.open();
    const { code, output } = await second.exited;
    expect(code, output).toBe(0);
    // redrawn in place on a terminal: one progress line on the screen, the final one
    expect(output).toContain('\r\x1b[2K[');
    const best = await getJson(stack.app!, `/v1/searches/${search.id}/best`);
    const lines = screenLines(output).filter((line) => line !== '');
    expect(lines.filter((line) => progressBar.test(line))).toEqual([`[########################] 3/3 100%  running 0  failed 0  best eval_accuracy=0.3 (#${best.ordinal})`]);
    expect(lines.slice(-7)).toEqual([
      `search ${search.id} succeeded`,
      'best trial:',
      `trial      #${best.ordinal}  ${best.id}`,
      'status     succeeded',
      'objective  eval_accuracy=0.3',
      expect.stringMatching(/^params {5}(?=.*\blearning_rate=0\.3\b)(?=.*\bgate=\S)/),
      expect.stringMatching(/^metrics {4}.*\beval_accuracy=0\.3\b/),
    ]);
  });

  it('a watch exits 1 when the search is cancelled; cancel, resume and best say what happened', async () => {
    const search = await gatedSearch('verbs');
    const watch = hpsearchInPty('status', search.id, '--watch', '--interval', '200', '--url', url);
    const best = await hpsearch('best', search.id);
    expect(best.code, best.output).toBe(4);
    expect(best.output).toMatch(new RegExp(`search ${search.id} has no succeeded trial yet \\(it is (queued|running)\\)`));
    await watch.waitFor(progressBar, 30_000, 'the watch to draw progress');
    const cancel = await hpsearch('cancel', search.id);
    expect(cancel.code, cancel.output).toBe(0);
    expect(cancel.lines[0]).toBe('cancel requested');
    const watched = await watch.exited;
    expect(watched.code, watched.output).toBe(1);
    expect(screenLines(watched.output).filter((line) => line !== '').slice(-2)).toEqual([`search ${search.id} cancelled`, 'no trial succeeded']);

    const again = await hpsearch('cancel', search.id);
    expect([again.code, again.lines[0]]).toEqual([0, 'already cancelled']);

    const resumed = await hpsearch('resume', search.id);
    expect([resumed.code, resumed.lines[0]]).toEqual([0, 'resumed: 0 trials kept, 3 cancelled trials queued again']);
    const resumedAgain = await hpsearch('resume', search.id);
    expect([resumedAgain.code, resumedAgain.lines[0]]).toEqual([0, 'already running: its sweep goes on']);

    search.open();
    await waitForSearch(stack.app!, search.id, ['succeeded'], 30_000);
    const [cancelEnded, resumeEnded] = await Promise.all([hpsearch('cancel', search.id), hpsearch('resume', search.id)]);
    expect([cancelEnded.code, cancelEnded.lines[0]]).toEqual([0, 'already ended (succeeded)']);
    expect([resumeEnded.code, resumeEnded.lines[0]]).toEqual([0, 'already ended (succeeded): every trial is done (raise --max-trials to extend it)']);
  });

  it('export: CSV into a file, JSON Lines to the terminal', async () => {
    const search = await gatedSearch('exported');
    search.open();
    await waitForSearch(stack.app!, search.id, ['succeeded'], 30_000);
    const file = path.join(dir, 'exported.csv');
    const [toFile, toTerminal] = await Promise.all([hpsearch('export', search.id, '--output', file), hpsearch('export', search.id, '--format', 'jsonl')]);
    expect(toFile.code, toFile.output).toBe(0);
    const trials = await allTrials(stack.app!, search.id);
    const rows = csvRecords(readFileSync(file, 'utf8'));
    expect(rows.map((row) => [row.ordinal, row.id, row.status, Number(row.objective)])).toEqual(trials.map((t) => [String(t.ordinal), t.id, 'succeeded', t.objective]));
    expect(toTerminal.code, toTerminal.output).toBe(0);
    const lines = toTerminal.lines.filter((line) => line.startsWith('{'));
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(trials.map((t) => t.id));
  });
});
