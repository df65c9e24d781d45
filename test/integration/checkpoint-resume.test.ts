import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../../src/artifacts/index';
import { CheckpointSync } from '../../src/artifacts/checkpoints';
import type { Database } from '../../src/db/index';
import { commandTrainer } from '../../src/trainers/command/index';
import type { TrialContext } from '../../src/trainers/types';
import { checkpointDirOf } from '../../src/trainers/work-dirs';
import { databaseArtifacts } from '../support/artifacts';
import { createTestDatabase } from '../support/databases';
import { resultMetrics, stagedRuns, stagedTrainer } from '../fixtures/staged-trainer';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-checkpoint-resume-'));
const runsFile = path.join(scratch, 'runs.jsonl');
const trainer = commandTrainer({ ...stagedTrainer(runsFile), stages: false });
const params = { learning_rate: 0.2, steps: 30, checkpoint_every: 5, sleep_seconds: 0.02, temperature: 0.5 };

let database: Database;
let store: ArtifactStore;
beforeAll(async () => {
  database = await createTestDatabase('pglite');
  store = databaseArtifacts(database.db);
});
afterAll(async () => {
  await database?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A trial's run on a worker whose data lives in `worker` (nothing shared but the store). */
function onWorker(worker: string, scope: string, attempt: number, signal = new AbortController().signal) {
  const ctx: TrialContext = {
    searchId: 's', trialId: 't', ordinal: 0, attempt, params, trainParams: params, seed: 3, evaluationSeed: 3,
    workDir: path.join(scratch, worker, 'trial'), processDir: path.join(scratch, worker, 'pids'), signal, report: () => undefined,
  };
  const checkpoints = new CheckpointSync(store, scope, checkpointDirOf(ctx.workDir));
  return { checkpoints, run: () => checkpoints.around(ctx, (withCheckpoints) => trainer.run(withCheckpoints)) };
}

describe('checkpoints through the artifact store (real trainer processes, PGlite store)', () => {
  it('resumes on another worker from the newest checkpoint the first one stored, and ends as an uninterrupted run', async () => {
    const stop = new AbortController();
    const first = onWorker('a', 'checkpoints/trials/t', 1, stop.signal);
    const saved: string[] = [];
    const original = first.checkpoints.saved.bind(first.checkpoints);
    first.checkpoints.saved = (name) => {
      original(name);
      saved.push(name);
      if (saved.length === 3) stop.abort(new Error('worker lost'));
    };
    await expect(first.run()).rejects.toThrow();
    const stored = await store.list('checkpoints/trials/t/');
    // only the newest is kept
    expect(stored.map((a) => a.key)).toEqual([`checkpoints/trials/t/${saved.at(-1)}`]);

    const resumed = await onWorker('b', 'checkpoints/trials/t', 2).run();
    const uninterrupted = await onWorker('c', 'checkpoints/trials/reference', 1).run();
    expect(resumed.status).toBe('succeeded');
    expect(resumed.metrics.resumed_from_step).toBe(Number(saved.at(-1)!.split('-')[1]));
    expect(uninterrupted.metrics.resumed_from_step).toBe(0);
    expect(resultMetrics(resumed.metrics)).toEqual(resultMetrics(uninterrupted.metrics));
    expect(stagedRuns(runsFile).map((r) => r.stage)).toEqual(['trial', 'trial', 'trial']);
  }, 60_000);

  it('discards a scope once its run is recorded, and ignores a checkpoint name that is a path', async () => {
    const run = onWorker('d', 'checkpoints/trials/d', 1);
    await run.run();
    expect((await store.list('checkpoints/trials/d/')).length).toBe(1);
    run.checkpoints.saved('../../etc');
    await run.checkpoints.discard();
    expect(await store.list('checkpoints/trials/d/')).toEqual([]);
  }, 60_000);
});
