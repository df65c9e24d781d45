import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Retries a database write with exponential backoff until it succeeds or `signal` aborts, so a database
 * outage delays a trial's bookkeeping instead of failing the trial.
 */
export async function persistently<T>(write: () => Promise<T>, signal: AbortSignal, maxDelayMs = 10_000): Promise<T> {
  for (let delay = 250; ; delay = Math.min(maxDelayMs, delay * 2)) {
    try {
      return await write();
    } catch (error) {
      if (signal.aborted) throw error;
      await sleep(delay, undefined, { signal });
    }
  }
}
