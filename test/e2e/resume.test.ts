import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { recordSearchEvent, searches } from '../../src/db/index';
import { recoverInterruptedSearches } from '../../src/searches/index';
import { sweepWorkflowId } from '../../src/temporal/sweep-control';
import { allTrials, getJson, jsonType, postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';
import { until } from '../support/until';

const spec = (maxTrials: number) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed: 21,
  budget: { maxTrials, parallelism: 2 },
  trainer: { name: 'synthetic' },
  space: {
    learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true },
    lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine', 'constant'] },
    temperature: { type: 'float', low: 0, high: 1 },
  },
  fixed: { duration_ms: 150, steps: 3 },
});

const signature = (trials: any[]) => trials.map((t) => `${t.ordinal}:${t.status}:${JSON.stringify(t.params)}:${t.objective}`);

describe('resuming interrupted searches', () => {
  const stack = useTestStack('pglite');

  it('restarts a search whose workflow was terminated, re-running only what did not finish, like an uninterrupted run', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, spec(12));
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.finished >= 4, 30_000, '4 finished trials');
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).terminate('simulated loss of the workflow');
    const before = await allTrials(app, id);
    const finishedBefore = before.filter((t) => t.status === 'succeeded' || t.status === 'diverged');

    const resume = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType });
    expect(resume.statusCode).toBe(202);
    expect(resume.json()).toMatchObject({ resumed: true, finishedTrials: finishedBefore.length });
    const again = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ resumed: false, reason: 'running' });

    const done = await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled']);
    expect(done.status).toBe('succeeded');
    const after = await allTrials(app, id);
    expect(after.map((t) => t.ordinal)).toEqual([...Array(12).keys()]);
    for (const trial of finishedBefore) expect(after[trial.ordinal]).toMatchObject({ id: trial.id, finishedAt: trial.finishedAt, attempt: trial.attempt });

    const { id: control } = await postSearch(app, spec(12));
    await waitForSearch(app, control, ['succeeded']);
    expect(signature(after)).toEqual(signature(await allTrials(app, control)));
    expect((await getJson(app, `/v1/searches/${id}/best`)).params).toEqual((await getJson(app, `/v1/searches/${control}/best`)).params);

    const events = (await getJson(app, `/v1/searches/${id}/events`)).items.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['created', 'resumed']);
  });

  it('extends a finished search with a larger budget, and refuses a budget below what finished', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec(4), fixed: { steps: 1 } });
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).result();
    const complete = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType });
    expect(complete.json()).toMatchObject({ resumed: false, reason: 'complete' });
    const tooSmall = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, payload: { maxTrials: 2 } });
    expect(tooSmall.statusCode).toBe(409);
    expect(tooSmall.json().errors[0].field).toBe('maxTrials');

    const extend = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, payload: { maxTrials: 7 } });
    expect(extend.statusCode).toBe(202);
    const done = await waitForSearch(app, id, ['succeeded']);
    expect(done.progress).toMatchObject({ maxTrials: 7, finished: 7 });
    expect((await allTrials(app, id)).map((t) => t.ordinal)).toEqual([...Array(7).keys()]);
  });

  it('cancels a search whose workflow is gone, unfinished trials included', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec(6), fixed: { duration_ms: 3_000, steps: 3 } });
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.running === 2, 30_000, '2 running trials');
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).terminate('simulated loss of the workflow');
    const cancel = await app.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType });
    expect(cancel.statusCode).toBe(202);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', progress: { running: 0, queued: 0, cancelled: 2 } });
  });

  it('resumes a cancelled search: the trials cancelled mid-run run again', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec(6), fixed: { duration_ms: 3_000, steps: 3 } });
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.running === 2, 30_000, '2 running trials');
    await app.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType });
    await waitForSearch(app, id, ['cancelled']);
    const cancelled = (await allTrials(app, id)).filter((t) => t.status === 'cancelled').map((t) => t.ordinal);
    expect(cancelled.length).toBeGreaterThan(0);

    const resume = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType });
    expect(resume.json()).toMatchObject({ resumed: true, requeuedTrials: cancelled });
    const done = await waitForSearch(app, id, ['succeeded']);
    expect(done.progress).toMatchObject({ finished: 6, cancelled: 0 });
  });

  it('of concurrent resumes of a cancelled search, exactly one resumes it', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec(6), fixed: { duration_ms: 3_000, steps: 3 } });
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.running === 2, 30_000, '2 running trials');
    await app.inject({ method: 'POST', url: `/v1/searches/${id}/cancel`, headers: jsonType });
    await waitForSearch(app, id, ['cancelled']);

    const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType })));
    expect(answers.filter((a) => a.statusCode === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode !== 202).every((a) => a.json().reason === 'running')).toBe(true);
    await waitForSearch(app, id, ['succeeded']);
    const events = (await getJson(app, `/v1/searches/${id}/events`)).items.map((e: { kind: string }) => e.kind);
    expect(events.filter((kind: string) => kind === 'resumed')).toHaveLength(1);
  });

  it('recovery marks a search interrupted when its trainer is gone, and a later recovery resumes it', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec(4), fixed: { duration_ms: 1_000, steps: 2 } });
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).status === 'running', 30_000, 'running');
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).terminate('simulated restart');
    const db = stack().database.db;

    const offeringNone = { builtIns: [], offered: async () => new Map(), list: async () => [] };
    const without = await recoverInterruptedSearches({ db, sweeps: stack().sweeps, trainers: offeringNone });
    expect(without.interrupted).toContain(id);
    const interrupted = await getJson(app, `/v1/searches/${id}`);
    expect(interrupted).toMatchObject({ status: 'interrupted', error: expect.stringContaining("trainer 'synthetic'") });

    const again = await recoverInterruptedSearches({ db, sweeps: stack().sweeps, trainers: stack().catalogue });
    expect(again.recovered).toContain(id);
    expect((await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'])).status).toBe('succeeded');
    const events = (await getJson(app, `/v1/searches/${id}/events`)).items.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['created', 'recovered']);
  });

  it('recovery waits for a worker that registers the trainer late, then resumes the search', async () => {
    const app = stack().app!;
    const { id } = await postSearch(app, { ...spec(4), fixed: { duration_ms: 500, steps: 2 } });
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).status === 'running', 30_000, 'running');
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).terminate('simulated restart of the whole deployment');
    const db = stack().database.db;

    // the trainer's worker registers 3 s after the API came back
    const registersAt = Date.now() + 3_000;
    const lateWorker = { ...stack().catalogue, offered: async () => (Date.now() < registersAt ? new Map() : stack().catalogue.offered()) };
    const outcome = await recoverInterruptedSearches({ db, sweeps: stack().sweeps, trainers: lateWorker }, { trainerWaitMs: 20_000 });
    expect(outcome).toEqual({ recovered: [id], interrupted: [] });
    expect(Date.now()).toBeGreaterThanOrEqual(registersAt);
    expect((await waitForSearch(app, id, ['succeeded', 'failed', 'cancelled'])).status).toBe('succeeded');
    const events = (await getJson(app, `/v1/searches/${id}/events`)).items.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['created', 'recovered']);
  });

  it('recovery never undoes a cancel: a search whose cancel its workflow never acted on ends cancelled', async () => {
    const app = stack().app!;
    const db = stack().database.db;
    const { id } = await postSearch(app, { ...spec(6), fixed: { duration_ms: 3_000, steps: 3 } });
    await until(async () => (await getJson(app, `/v1/searches/${id}`)).progress.running === 2, 30_000, '2 running trials');
    // the cancel was accepted, then the workflow vanished before it could end the search
    await recordSearchEvent(db, id, 'cancel-requested', { workflowRunning: true });
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).terminate('simulated loss of the workflow');

    const outcome = await recoverInterruptedSearches({ db, sweeps: stack().sweeps, trainers: stack().catalogue });
    expect(outcome.recovered).not.toContain(id);
    expect(await getJson(app, `/v1/searches/${id}`)).toMatchObject({ status: 'cancelled', progress: { running: 0, queued: 0 } });
    expect(await stack().sweeps.isRunning(id)).toBe(false);
    const events = (await getJson(app, `/v1/searches/${id}/events`)).items.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['created', 'cancel-requested', 'recovered-as-cancelled']);
  });

  it('a search left running with every trial final is finished, not left running', async () => {
    const app = stack().app!;
    const db = stack().database.db;
    const { id } = await postSearch(app, { ...spec(3), fixed: { steps: 1 } });
    await waitForSearch(app, id, ['succeeded']);
    // the workflow closes just after it marks the search finished: a resume before that finds it running
    await stack().client.workflow.getHandle(sweepWorkflowId(id)).result();
    await db.update(searches).set({ status: 'running', finishedAt: null }).where(eq(searches.id, id));

    const resume = await app.inject({ method: 'POST', url: `/v1/searches/${id}/resume`, headers: jsonType });
    expect(resume.json()).toMatchObject({ resumed: false, reason: 'complete', search: { status: 'succeeded' } });
    const events = (await getJson(app, `/v1/searches/${id}/events`)).items.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['created', 'recovered-as-finished']);
  });
});
