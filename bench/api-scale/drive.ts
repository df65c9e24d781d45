import autocannon from 'autocannon';
import { quantile } from '../stats';

export interface Load {
  /** Requests per second over all connections. */
  rate: number;
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

/**
 * GETs `url` at a fixed rate for `seconds`, expecting `status`. Latencies are taken from each response
 * (autocannon's own histogram keeps whole milliseconds, too coarse for answers of one or two).
 */
export async function drive(url: string, load: Load, seconds: number, { status, headers }: { status: number; headers: Record<string, string> }): Promise<Measured> {
  const latencies: number[] = [];
  let wrongStatus = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: load.connections, overallRate: load.rate, duration: seconds }, (error: Error | null, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, answered, _bytes, ms) => {
      latencies.push(ms);
      if (answered !== status) wrongStatus++;
    });
  });
  return {
    achieved: result.requests.total / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    wrongStatus,
    errors: result.errors + result.timeouts,
  };
}
