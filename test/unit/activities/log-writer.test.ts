import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrialLogWriter } from '../../../activities/log-writer';
import { readTrialLog, recordSuggestedTrials, type Database } from '../../../src/db/index';
import { createTestDatabase, databaseKinds } from '../../support/databases';
import { insertFakeSearch } from './fake-search';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}: ${'é'.repeat((from + i) % 7)}`);

describe.each(databaseKinds)('trial log writer (%s)', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function newTrial(): Promise<string> {
    const searchId = await insertFakeSearch(database.db);
    const [trial] = await recordSuggestedTrials(database.db, searchId, [{ ordinal: 0, params: { learning_rate: 0.001 }, trainKey: 'k' }]);
    return trial!.id;
  }

  it('keeps all of a short output, flushed while it grows', async () => {
    const trialId = await newTrial();
    const writer = new TrialLogWriter(database.db, trialId, 1, 100_000);
    for (const line of lines(0, 50)) writer.add(line);
    await writer.flush();
    for (const line of lines(50, 100)) writer.add(line);
    await writer.flush();
    await writer.flush();
    expect(await readTrialLog(database.db, trialId, 1)).toBe(lines(0, 100).join('\n') + '\n');
  });

  it('keeps the head and the tail of a long output, with the size of the gap between them', async () => {
    const trialId = await newTrial();
    const maxBytes = 2_000;
    const writer = new TrialLogWriter(database.db, trialId, 1, maxBytes);
    const all = lines(0, 1_000);
    // flushed at odd moments, as the worker's timer does
    all.forEach((line, i) => {
      writer.add(line);
      if (i % 37 === 0) void writer.flush();
    });
    await writer.flush();
    const log = await readTrialLog(database.db, trialId, 1);
    const parts = log.split(/\[… (\d+) bytes of output left out: the log keeps the head and the tail \(TRIAL_LOG_MAX_BYTES\) …\]\n/);
    expect(parts).toHaveLength(3);
    const [head, gap, tail] = parts as [string, string, string];
    expect(head.startsWith('line 0: \nline 1: é\n')).toBe(true);
    expect(tail.endsWith(`${all.at(-1)}\n`)).toBe(true);
    // whole lines only, each exactly as printed, in order
    const kept = [...head.split('\n'), ...tail.split('\n')].filter(Boolean);
    expect(kept).toEqual(all.filter((line) => kept.includes(line)));
    expect(Buffer.byteLength(head) + Buffer.byteLength(tail)).toBeLessThanOrEqual(maxBytes);
    expect(Buffer.byteLength(head) + Buffer.byteLength(tail)).toBeGreaterThan(maxBytes * 0.8);
    expect(Buffer.byteLength(head) + Number(gap) + Buffer.byteLength(tail)).toBe(Buffer.byteLength(all.join('\n') + '\n'));
  });

  it('replaces what an earlier life of the same attempt number stored, and separates attempts', async () => {
    const trialId = await newTrial();
    const before = new TrialLogWriter(database.db, trialId, 1, 10_000);
    before.add('from before the trial was requeued');
    await before.flush();
    const again = new TrialLogWriter(database.db, trialId, 1, 10_000);
    again.add('attempt 1 again');
    await again.flush();
    const second = new TrialLogWriter(database.db, trialId, 2, 10_000);
    second.add('attempt 2 \0 with a NUL');
    await second.flush();
    expect(await readTrialLog(database.db, trialId, 1)).toBe('attempt 1 again\n');
    expect(await readTrialLog(database.db, trialId)).toBe('── attempt 1 ──\nattempt 1 again\n── attempt 2 ──\nattempt 2 \uFFFD with a NUL\n');
    expect(await readTrialLog(database.db, trialId, 3)).toBe('');
  });
});
