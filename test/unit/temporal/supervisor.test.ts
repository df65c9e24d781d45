import { describe, expect, it } from 'vitest';
import type { Worker } from '@temporalio/worker';
import { superviseWorker } from '../../../src/temporal/supervisor';

/** A stand-in for a Temporal worker: run() lasts until shutdown() or fail(). */
function fakeWorker() {
  let state = 'INITIALIZED';
  let end: (error?: Error) => void = () => undefined;
  const worker = {
    getState: () => state,
    run: () => {
      state = 'RUNNING';
      return new Promise<void>((resolve, reject) => {
        end = (error) => {
          state = error ? 'FAILED' : 'STOPPED';
          if (error) reject(error);
          else resolve();
        };
      });
    },
    shutdown: () => {
      if (state !== 'RUNNING') throw new Error(`Not running. Current state: ${state}`);
      end();
    },
    fail: (error: Error) => end(error),
    get state() {
      return state;
    },
  };
  return worker;
}

describe('superviseWorker', () => {
  it('shuts down a worker whose re-creation was under way when stop() came', async () => {
    const first = fakeWorker();
    const second = fakeWorker();
    let created!: () => void;
    const secondCreated = new Promise<void>((resolve) => (created = resolve));
    let creating!: () => void;
    const creatingSecond = new Promise<void>((resolve) => (creating = resolve));
    const creations = [async () => first, async () => (creating(), await secondCreated, second)];
    const supervised = await superviseWorker(() => creations.shift()!() as unknown as Promise<Worker>, () => undefined);

    first.fail(new Error('lost the server'));
    await creatingSecond;
    const stopped = supervised.stop();
    created();
    await stopped;
    expect(second.state).toBe('STOPPED');
    expect(creations).toHaveLength(0);
  }, 10_000);

  it('stops the running worker', async () => {
    const worker = fakeWorker();
    const supervised = await superviseWorker(async () => worker as unknown as Worker, () => undefined);
    await supervised.stop();
    expect(worker.state).toBe('STOPPED');
  });
});
