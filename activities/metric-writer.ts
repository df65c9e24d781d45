import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { recordTrialMetrics, type Db, type MetricPoint } from '../src/db/index';

/**
 * Points per INSERT. Small, with a turn of the event loop between inserts: PGlite runs each query on the
 * API's thread, and a long run of large inserts kept requests waiting for seconds.
 */
const WRITE_BATCH = 250;

/**
 * Buffers a trial's metric points and writes them in batches; a failed write keeps the points for the
 * next flush. The buffer holds at most `maxPoints`: past that `add` refuses the point, and the caller
 * fails the trial rather than let a trainer that reports faster than the database stores grow the
 * worker's memory without bound.
 */
export class MetricWriter {
  private buffer: MetricPoint[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly trialId: string,
    readonly maxPoints: number,
  ) {}

  /** False when the buffer is full (the point is dropped). */
  add(point: MetricPoint): boolean {
    if (this.buffer.length >= this.maxPoints) return false;
    this.buffer.push(point);
    return true;
  }

  flush(): Promise<void> {
    const write = async () => {
      while (this.buffer.length > 0) {
        const points = this.buffer.slice(0, WRITE_BATCH);
        await recordTrialMetrics(this.db, this.trialId, points);
        this.buffer = this.buffer.slice(points.length);
        await yieldToEventLoop();
      }
    };
    // one write at a time, whether the previous one failed or not
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }
}
