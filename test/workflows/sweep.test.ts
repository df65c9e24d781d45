import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ActivityError } from '../../activities/failures';
import { bundleWorkflows } from '../../src/temporal/workers';
import type { SweepInput, sweepWorkflow } from '../../workflows/index';
import { createTimeSkippingEnvironment } from '../support/time-skipping';
import { until } from '../support/until';
import { FakeSweep, heartbeatUntilCancelled, type FakeSweepOptions } from './fake-sweep';

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  // the activities fail on purpose: keep their warnings out of the test output
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // one after the other: the server must listen within 5 s, and bundling competes for the CPU
  env = await createTimeSkippingEnvironment();
  workflowBundle = await bundleWorkflows();
});
afterAll(async () => {
  await env?.teardown();
});

type StartSweep = () => Promise<WorkflowHandleWithFirstExecutionRunId<typeof sweepWorkflow>>;

/** A worker on its own task queue running the real workflow over `fake`'s activities, for the length of `body`. */
async function withSweep<T>(fake: FakeSweep, input: Partial<SweepInput>, body: (start: StartSweep) => Promise<T>): Promise<T> {
  const taskQueue = `wf-${randomUUID()}`;
  // heartbeats go out at once, so cancellation reaches activities without a heartbeat timeout quickly
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: fake.activities(),
    defaultHeartbeatThrottleInterval: '100ms',
    maxHeartbeatThrottleInterval: '100ms',
  });
  const startSweep: StartSweep = () =>
    env.client.workflow.start<typeof sweepWorkflow>('sweepWorkflow', {
      taskQueue,
      workflowId: `sweep-${randomUUID()}`,
      args: [
        {
          searchId: fake.searchId,
          trialTaskQueue: taskQueue,
          trialHeartbeatTimeoutMs: 5_000,
          trialMaxAttempts: 2,
          trialsPerRun: 500,
          ...input,
        },
      ],
    });
  return worker.runUntil(body(startSweep));
}

const sweep = (options: FakeSweepOptions) => new FakeSweep(options);
const heartbeatUntilCancelledThenThrow = async (): Promise<void> => {
  await heartbeatUntilCancelled();
  throw Context.current().cancellationSignal.reason;
};

/** Starts the sweep, cancels it once `reached` holds, and returns how it ended. */
const cancelOnce = (fake: FakeSweep, reached: () => boolean, what: string): Promise<unknown> =>
  withSweep(fake, {}, async (start) => {
    const handle = await start();
    await until(reached, 10_000, what);
    await handle.cancel();
    return handle.result().catch((e: unknown) => e);
  });
const failingTrainer = async (): Promise<never> => {
  throw new Error('trainer crashed: CUDA out of memory');
};

describe('sweep workflow with fake activities (time-skipping server)', () => {
  test('failure budget: with maxFailedTrials k the sweep fails after k+1 failed trials and launches no more', async () => {
    const fake = sweep({ maxTrials: 10, parallelism: 1, maxFailedTrials: 2, train: failingTrainer });
    const result = await withSweep(fake, {}, async (start) => (await start()).result());
    expect(result).toEqual({ status: 'failed', finished: 3 });
    expect(fake.launchedOrdinals()).toEqual([0, 1, 2]);
    // each trial got its trialMaxAttempts (retry backoffs cost no wall time), then was recorded failed with the trainer's error
    expect(fake.attempts.map((a) => a.attempt)).toEqual([1, 2, 1, 2, 1, 2]);
    expect(fake.recorded).toEqual(
      [0, 1, 2].map((ordinal) => ({ ordinal, status: 'failed', error: 'trainer crashed: CUDA out of memory' })),
    );
    expect(fake.finishes).toMatchObject([
      { status: 'failed', error: '3 trials failed, more than budget.maxFailedTrials (2)', reason: 'failure-budget' },
    ]);
  });

  test('exhaustion: a finite space that yields fewer trials than asked ends the sweep succeeded, asking no more', async () => {
    const fake = sweep({ maxTrials: 10, parallelism: 2, spaceSize: 5 });
    const result = await withSweep(fake, {}, async (start) => (await start()).result());
    expect(result).toEqual({ status: 'succeeded', finished: 5 });
    expect(fake.launchedOrdinals().sort()).toEqual([0, 1, 2, 3, 4]);
    const last = fake.suggestCalls.at(-1)!;
    expect(last.returned).toBeLessThan(last.ordinals.length);
    expect(fake.suggestCalls.slice(0, -1).every((c) => c.returned === c.ordinals.length)).toBe(true);
    expect(fake.finishes).toMatchObject([{ status: 'succeeded', error: null, reason: 'exhausted' }]);
  });

  test('continue-as-new: 7 trials at 3 per run take three runs, each ordinal run exactly once', async () => {
    const fake = sweep({ maxTrials: 7, parallelism: 2 });
    const { result, runs } = await withSweep(fake, { trialsPerRun: 3 }, async (start) => {
      const handle = await start();
      const result = await handle.result();
      const runs: string[] = [];
      for (let runId: string | undefined = handle.firstExecutionRunId; runId;) {
        runs.push(runId);
        const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      return { result, runs };
    });
    expect(runs).toHaveLength(3);
    expect(result).toEqual({ status: 'succeeded', finished: 7 });
    expect(fake.loads).toHaveLength(3);
    expect(fake.attempts.map((a) => a.ordinal).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(fake.finishes).toMatchObject([{ status: 'succeeded', error: null, reason: 'budget' }]);
  });

  test('confirm: once every trial has finished, the best are re-evaluated before the sweep finishes, after continue-as-new too', async () => {
    const fake = sweep({ maxTrials: 6, parallelism: 2, confirmTopK: 3 });
    const result = await withSweep(fake, { trialsPerRun: 4 }, async (start) => (await start()).result());
    expect(result).toEqual({ status: 'succeeded', finished: 6 });
    expect(fake.confirmations.sort((a, b) => a.ordinal - b.ordinal)).toEqual([0, 1, 2].map((ordinal) => ({ ordinal, finished: 6 })));
    expect(fake.finishes).toMatchObject([{ status: 'succeeded', reason: 'budget' }]);
  });

  test('confirm: a re-evaluation that keeps failing leaves the sweep succeeded; without confirm nothing is re-evaluated', async () => {
    const failing = sweep({ maxTrials: 3, parallelism: 1, confirmTopK: 2, confirm: failingTrainer });
    expect(await withSweep(failing, {}, async (start) => (await start()).result())).toEqual({ status: 'succeeded', finished: 3 });
    // trialMaxAttempts 2: each of the two confirmations was attempted twice
    expect(failing.confirmations.map((c) => c.ordinal)).toEqual([0, 0, 1, 1]);
    const plain = sweep({ maxTrials: 3, parallelism: 1 });
    await withSweep(plain, {}, async (start) => (await start()).result());
    expect(plain.confirmations).toEqual([]);
  });

  test('confirm: a failed sweep confirms nothing', async () => {
    const fake = sweep({ maxTrials: 4, parallelism: 1, maxFailedTrials: 0, confirmTopK: 2, train: failingTrainer });
    await withSweep(fake, {}, async (start) => (await start()).result());
    expect(fake.confirmations).toEqual([]);
    expect(fake.finishes).toMatchObject([{ status: 'failed', reason: 'failure-budget' }]);
  });

  test('a search algorithm that keeps throwing fails the sweep after its bounded attempts, with the algorithm named', async () => {
    const fake = sweep({
      maxTrials: 10,
      parallelism: 1,
      suggest: async (_ordinals, call) => {
        if (call > 1) throw new ActivityError('SearchAlgorithmError', 'search algorithm bayes failed: matrix is not positive definite');
      },
    });
    const result = await withSweep(fake, {}, async (start) => (await start()).result());
    expect(result).toEqual({ status: 'failed', finished: 1 });
    // one good batch, then the failing one's 3 attempts and nothing after
    expect(fake.suggestCalls.map((c) => c.ordinals)).toEqual([[0], [1], [1], [1]]);
    expect(fake.finishes).toMatchObject([
      { status: 'failed', error: 'search algorithm bayes failed: matrix is not positive definite', reason: 'search-error' },
    ]);
  });

  test('a search whose stored spec no longer resolves fails at once, without retrying the load', async () => {
    const fake = sweep({
      maxTrials: 10,
      parallelism: 1,
      load: async () => {
        throw new ActivityError(
          'InvalidSearch',
          'search fake-search: its stored spec no longer resolves: algorithm: Invalid option: expected one of "grid"|"random"|"tpe"|"bayes"',
        );
      },
    });
    const result = await withSweep(fake, {}, async (start) => (await start()).result());
    expect(result).toEqual({ status: 'failed', finished: 0 });
    expect(fake.loads).toEqual([1]);
    expect(fake.suggestCalls).toEqual([]);
    expect(fake.finishes).toMatchObject([
      { status: 'failed', error: expect.stringContaining('its stored spec no longer resolves: algorithm'), reason: 'search-error' },
    ]);
  });

  test('an infrastructure fault is retried without limit: the sweep goes on once it clears', async () => {
    const fake = sweep({
      maxTrials: 2,
      parallelism: 2,
      suggest: async (_ordinals, call) => {
        if (call <= 5) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    });
    const result = await withSweep(fake, {}, async (start) => (await start()).result());
    expect(result).toEqual({ status: 'succeeded', finished: 2 });
    expect(fake.suggestCalls).toHaveLength(6);
  });

  test('cancelled while loading: the sweep finishes cancelled without running anything', async () => {
    const fake = sweep({ maxTrials: 4, parallelism: 2, load: heartbeatUntilCancelledThenThrow });
    const error = await cancelOnce(fake, () => fake.loads.length === 1, 'the sweep to load');
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(fake.attempts).toEqual([]);
    expect(fake.finishes).toMatchObject([{ status: 'cancelled', error: null }]);
  });

  test('cancelled while finishing: the accepted cancel overrides the finish it interrupted', async () => {
    const fake = sweep({ maxTrials: 2, parallelism: 2, finish: async (ending) => (ending.status === 'cancelled' ? undefined : heartbeatUntilCancelledThenThrow()) });
    const error = await cancelOnce(fake, () => fake.finishes.length === 1, 'the sweep to finish');
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(fake.launchedOrdinals().sort()).toEqual([0, 1]);
    expect(fake.finishes.map((f) => f.status)).toEqual(['succeeded', 'cancelled']);
  });

  test('cancelled while suggesting: the blocked suggestion is cancelled and the sweep finishes cancelled', async () => {
    let suggestCancelled = false;
    const fake = sweep({
      maxTrials: 10,
      parallelism: 2,
      suggest: async () => {
        await heartbeatUntilCancelled();
        suggestCancelled = true;
        throw Context.current().cancellationSignal.reason;
      },
    });
    const error = await cancelOnce(fake, () => fake.suggestCalls.length === 1, 'the sweep to ask for suggestions');
    await until(() => suggestCancelled, 10_000, 'the suggestion to see its cancellation');
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(fake.attempts).toEqual([]);
    expect(fake.finishes).toMatchObject([{ status: 'cancelled', error: null }]);
  });

  test('cancelled while trials run: cancellation reaches every running trial, none starts after, the sweep finishes cancelled', async () => {
    const fake: FakeSweep = sweep({ maxTrials: 10, parallelism: 3, train: (task) => fake.trainUntilCancelled(task) });
    const error = await withSweep(fake, {}, async (start) => {
      const handle = await start();
      await until(() => fake.attempts.length === 3, 10_000, 'three trials to run');
      await handle.cancel();
      return handle.result().catch((e: unknown) => e);
    });
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    // WAIT_CANCELLATION_COMPLETED: the workflow finished only after every trial had stopped
    expect(fake.cancelledTrials.sort()).toEqual([0, 1, 2]);
    // the three in flight start in any order
    expect(fake.launchedOrdinals().sort()).toEqual([0, 1, 2]);
    expect(fake.finishes).toMatchObject([{ status: 'cancelled', error: null }]);
  });

  test('cancelled while confirming: the re-evaluation is cancelled and the sweep finishes cancelled, not succeeded', async () => {
    const fake = sweep({ maxTrials: 2, parallelism: 1, confirmTopK: 1, confirm: heartbeatUntilCancelledThenThrow });
    const error = await cancelOnce(fake, () => fake.confirmations.length === 1, 'the confirmation to start');
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(fake.confirmations).toEqual([{ ordinal: 0, finished: 2 }]);
    expect(fake.finishes).toMatchObject([{ status: 'cancelled', error: null }]);
  });
});
