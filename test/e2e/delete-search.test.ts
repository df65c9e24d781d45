import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARTIFACT_MAX_BYTES, modelKeyOf, trialCheckpointsKey } from '../../src/artifacts/index';
import { artifactObjects, searchEvents, searches, trainings, trialLogs, trialMetrics, trials, type Db } from '../../src/db/index';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { localModelDirOf, searchWorkDir, trainingWorkDir } from '../../src/trainers/work-dirs';
import { stagedTrainer } from '../fixtures/staged-trainer';
import { allTrials, getJson, jsonType, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { processesWithEnvMarker } from '../support/processes';
import { exampleTrainer, useTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-delete-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const marker = `HPSEARCH_DELETE_TEST_${randomUUID().replace(/-/g, '')}`;

/** The staged trainer, saying a line on stderr first: what becomes the trial's log. */
const talkativeStagedTrainer = () => {
  const trainer = stagedTrainer(path.join(scratch, `runs-${randomUUID()}.jsonl`));
  return { ...trainer, command: ['sh', '-c', 'echo "staged run starting" >&2; exec "$@"', 'sh', ...trainer.command] };
};

/** A grid of the staged trainer: one training per learning rate, evaluated at each temperature. */
const stagedGrid = (learningRates: number[]) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'grid',
  budget: { parallelism: 4 },
  trainer: { name: 'staged' },
  space: { learning_rate: { type: 'float', values: learningRates }, temperature: { type: 'float', values: [0, 0.5] } },
  fixed: { steps: 6, checkpoint_every: 2 },
});

/** Everything the database holds for a search, table by table. */
async function storedRows(db: Db, searchId: string, trialIds: string[], trainKeys: string[]) {
  return {
    searches: await db.select().from(searches).where(eq(searches.id, searchId)),
    trials: await db.select().from(trials).where(eq(trials.searchId, searchId)),
    trialMetrics: await db.select().from(trialMetrics).where(inArray(trialMetrics.trialId, trialIds)),
    trialLogs: await db.select().from(trialLogs).where(inArray(trialLogs.trialId, trialIds)),
    searchEvents: await db.select().from(searchEvents).where(eq(searchEvents.searchId, searchId)),
    trainings: await db.select().from(trainings).where(inArray(trainings.trainKey, trainKeys)),
  };
}

const counts = (rows: Record<string, unknown[]>) => Object.fromEntries(Object.entries(rows).map(([table, found]) => [table, found.length]));
const noRows = { searches: 0, trials: 0, trialMetrics: 0, trialLogs: 0, searchEvents: 0, trainings: 0 };

const deleteSearch = (stack: TestStack, id: string, query = '') => stack.app!.inject({ method: 'DELETE', url: `/v1/searches/${id}${query}`, headers: jsonType });

describe.each(databaseKinds)('deleting a search (%s)', (kind) => {
  // on PostgreSQL the artifacts are kept in the database itself, so its tables are checked too
  const stack = useTestStack(kind, {
    trainers: createTrainerRegistry([talkativeStagedTrainer(), { ...exampleTrainer, env: { [`${marker}_${kind}`]: '1' } }]),
    ...(kind === 'postgres' ? { artifacts: { kind: 'postgres', maxBytes: DEFAULT_ARTIFACT_MAX_BYTES } } : {}),
  });

  it('removes a finished search with every row and file kept for it, and nothing another search shares', async () => {
    const { app, database, files } = stack();
    const deleted = await postSearch(app!, stagedGrid([0.1, 0.2]));
    const kept = await postSearch(app!, stagedGrid([0.1]));
    await waitForSearch(app!, deleted.id, ['succeeded']);
    await waitForSearch(app!, kept.id, ['succeeded']);
    const deletedTrials = await allTrials(app!, deleted.id);
    const keptTrials = await allTrials(app!, kept.id);
    const trainKeys = [...new Set(deletedTrials.map((t) => t.trainKey as string))];
    const sharedKey = keptTrials[0].trainKey as string;
    const ownKey = trainKeys.find((key) => key !== sharedKey)!;
    expect(trainKeys).toHaveLength(2);
    expect(trainKeys).toContain(sharedKey);
    // a cancelled trial leaves its checkpoints in the store; here one of each search's trials
    const checkpoint = path.join(scratch, `${kind}-checkpoint`);
    mkdirSync(checkpoint, { recursive: true });
    writeFileSync(path.join(checkpoint, 'state.json'), '{"step": 2}');
    await files.artifacts.putDirectory(`${trialCheckpointsKey(deletedTrials[0].id)}/checkpoint-2`, checkpoint);
    await files.artifacts.putDirectory(`${trialCheckpointsKey(keptTrials[0].id)}/checkpoint-2`, checkpoint);

    const trialIds = deletedTrials.map((t) => t.id as string);
    const before = counts(await storedRows(database.db, deleted.id, trialIds, trainKeys));
    expect(before).toMatchObject({ searches: 1, trials: 4, searchEvents: 1, trainings: 2 });
    expect(before.trialMetrics).toBeGreaterThan(0);
    expect(before.trialLogs).toBeGreaterThan(0);
    const ownFiles = [searchWorkDir(files.dataDir, deleted.id), trainingWorkDir(files.dataDir, 'staged', ownKey), localModelDirOf(files.dataDir, 'staged', ownKey)];
    const sharedFiles = [searchWorkDir(files.dataDir, kept.id), localModelDirOf(files.dataDir, 'staged', sharedKey)];
    for (const dir of [...ownFiles, ...sharedFiles]) expect(existsSync(dir), dir).toBe(true);
    expect(await files.artifacts.list(modelKeyOf('staged', ownKey))).toHaveLength(1);

    const answer = await deleteSearch(stack(), deleted.id);
    expect(answer.statusCode, answer.body).toBe(204);
    expect(answer.body).toBe('');

    expect(counts(await storedRows(database.db, deleted.id, trialIds, [ownKey]))).toEqual(noRows);
    for (const dir of ownFiles) expect(existsSync(dir), dir).toBe(false);
    expect(await files.artifacts.list(modelKeyOf('staged', ownKey))).toEqual([]);
    expect(await files.artifacts.list(`${trialCheckpointsKey(deletedTrials[0].id)}/`)).toEqual([]);
    if (kind === 'postgres') {
      const leftOver = await database.db.select().from(artifactObjects).where(like(artifactObjects.name, `%${ownKey}%`));
      expect(leftOver).toEqual([]);
    } else expect(existsSync(path.join(files.dataDir, 'artifacts', 'models', 'staged', ownKey))).toBe(false);

    // the other search and the training it shares are untouched
    expect(counts(await storedRows(database.db, kept.id, keptTrials.map((t) => t.id), [sharedKey]))).toMatchObject({ searches: 1, trials: 2, trainings: 1 });
    for (const dir of sharedFiles) expect(existsSync(dir), dir).toBe(true);
    expect(await files.artifacts.list(modelKeyOf('staged', sharedKey))).toHaveLength(1);
    expect(await files.artifacts.list(`${trialCheckpointsKey(keptTrials[0].id)}/`)).toHaveLength(1);
    expect((await getJson(app!, `/v1/searches/${kept.id}`)).status).toBe('succeeded');

    expect((await app!.inject({ method: 'GET', url: `/v1/searches/${deleted.id}` })).statusCode).toBe(404);
    const again = await deleteSearch(stack(), deleted.id);
    expect(again.statusCode).toBe(404);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses to delete a running search without force; with force it stops its trainers, closes its sweep and deletes it', async () => {
    const { app, database, sweeps } = stack();
    const { id } = await postSearch(app!, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'random',
      budget: { maxTrials: 6, parallelism: 2 },
      trainer: { name: 'example' },
      space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
      fixed: { num_train_epochs: 10, steps_per_epoch: 20, sleep_seconds: 0.2, dataloader_workers: 1 },
    });
    await until(async () => (await getJson(app!, `/v1/searches/${id}`)).progress.running === 2, 30_000, '2 running trials');
    await until(() => processesWithEnvMarker(`${marker}_${kind}`).length > 0, 30_000, 'trainer processes');

    const refused = await deleteSearch(stack(), id);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = refused.json();
    expect(problem.detail).toMatch(/is (queued|running): cancel it first, or delete it with force=true/);
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'querystring', field: 'force' })]);
    expect((await getJson(app!, `/v1/searches/${id}`)).status).toBe('running');
    expect(await sweeps.isRunning(id)).toBe(true);

    const trialIds = (await allTrials(app!, id)).map((t) => t.id as string);
    const forced = await deleteSearch(stack(), id, '?force=true');
    expect(forced.statusCode, forced.body).toBe(204);
    expect(processesWithEnvMarker(`${marker}_${kind}`)).toEqual([]);
    expect(await sweeps.isRunning(id)).toBe(false);
    expect(counts(await storedRows(database.db, id, trialIds, []))).toEqual(noRows);
    expect(existsSync(searchWorkDir(stack().files.dataDir, id))).toBe(false);
  });

  it('answers 404 for a search that never existed and 400 naming force for a bad value', async () => {
    expect((await deleteSearch(stack(), randomUUID())).statusCode).toBe(404);
    const bad = await deleteSearch(stack(), randomUUID(), '?force=yes');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['force']);
  });
});

