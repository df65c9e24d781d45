import { setTimeout as sleep } from 'node:timers/promises';

const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** Errors that mean the database cannot be reached right now, as opposed to a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code && DATABASE_DOWN_CODES.has(e.code)) return true;
    if (e.message && /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|PGlite is closed/i.test(e.message)) return true;
  }
  return false;
}

/**
 * Retries a database write with exponential backoff while the database is unreachable, until it succeeds
 * or `signal` aborts, so an outage delays a trial's bookkeeping instead of failing the trial. Any other
 * error is thrown at once.
 */
export async function persistently<T>(write: () => Promise<T>, signal: AbortSignal, maxDelayMs = 10_000): Promise<T> {
  for (let delay = 250; ; delay = Math.min(maxDelayMs, delay * 2)) {
    try {
      return await write();
    } catch (error) {
      if (signal.aborted || !isDatabaseUnavailable(error)) throw error;
      await sleep(delay, undefined, { signal });
    }
  }
}
