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
  non2xx: number;
  errors: number;
}

/**
 * GETs `url` at a fixed rate for `seconds`. Latencies are taken from each response (autocannon's own
 * histogram keeps whole milliseconds, too coarse for answers of one or two).
 */
export async function drive(url: string, load: Load, seconds: number, headers: Record<string, string> = {}): Promise<Measured> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: load.connections, overallRate: load.rate, duration: seconds }, (error: Error | null, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  return {
    achieved: result.requests.total / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
