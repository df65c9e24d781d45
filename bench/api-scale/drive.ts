import http from 'node:http';
import { quantile } from '../stats';

export interface Load {
  /** Requests per second, sent evenly spaced whatever the answers' pace (an open loop). */
  rate: number;
  /** Keep-alive connections at most; a request finding them all busy waits for one. */
  connections: number;
}

export interface Measured {
  /** Requests per second answered. */
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers with another status than the one expected. */
  wrongStatus: number;
  errors: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * GETs `url` at a fixed rate for `seconds`, expecting `status`: request i is due at i/rate s, and its latency
 * runs from then to the last byte of its answer, so a late send (the load generator's timers, a wait for a
 * free connection) counts against the answer instead of hiding it. autocannon's rate is not this: it sends
 * each connection's whole second of requests back to back at the start of the second, which measures a
 * burst at full concurrency.
 */
export async function drive(url: string, load: Load, seconds: number, { status, headers }: { status: number; headers: Record<string, string> }): Promise<Measured> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const latencies: number[] = [];
  let wrongStatus = 0;
  let errors = 0;
  const get = (due: number) =>
    new Promise<void>((resolve) => {
      const request = http.get(url, { agent, headers }, (response) => {
        response.resume();
        response.once('end', () => {
          latencies.push(performance.now() - due);
          if (response.statusCode !== status) wrongStatus++;
          resolve();
        });
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error('timed out')));
      request.once('error', () => {
        errors++;
        resolve();
      });
    });

  const interval = 1_000 / load.rate;
  const total = Math.round(load.rate * seconds);
  const answers: Promise<void>[] = [];
  const start = performance.now();
  const dueAt = (i: number) => start + i * interval;
  await new Promise<void>((allSent) => {
    const sendDue = () => {
      while (answers.length < total && dueAt(answers.length) <= performance.now()) answers.push(get(dueAt(answers.length)));
      if (answers.length === total) allSent();
      else setTimeout(sendDue, Math.max(0, dueAt(answers.length) - performance.now()));
    };
    sendDue();
  });
  await Promise.all(answers);
  const elapsedSeconds = (performance.now() - start) / 1_000;
  agent.destroy();
  return {
    achieved: latencies.length / elapsedSeconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    wrongStatus,
    errors,
  };
}
