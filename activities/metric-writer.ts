import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { mergeMetricPoint, recordTrialMetrics, type Db, type MetricPoint } from '../src/db/index';

/**
 * Points per INSERT. Small, with a turn of the event loop between inserts: PGlite runs each query on the
 * API's thread, and a long run of large inserts kept requests waiting for seconds.
 */
const WRITE_BATCH = 250;

/**
 * Buffers a trial's metric points and writes them in batches; a failed write keeps the points for the
 * next flush. The buffer holds at most `maxPoints`: past that `add` refuses the point, and the caller
 * fails the trial rather than let a trainer that reports faster than the database stores grow the
 * worker's memory without bound. A point at the step of the last one waiting (an evaluation logged at a
 * training step) is merged into it rather than taking a place of its own.
 */
export class MetricWriter {
  private buffer: MetricPoint[] = [];
  /** Points at the front of the buffer that the running write is storing: they are not changed meanwhile. */
  private writing = 0;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly trialId: string,
    readonly maxPoints: number,
  ) {}

  /** False when the buffer is full (the point is dropped). */
  add(point: MetricPoint): boolean {
    const last = this.buffer.length - 1;
    if (last >= this.writing && this.buffer[last]!.step === point.step) {
      this.buffer[last] = mergeMetricPoint(this.buffer[last]!, point);
      return true;
    }
    if (this.buffer.length >= this.maxPoints) return false;
    this.buffer.push(point);
    return true;
  }

  flush(): Promise<void> {
    const write = async () => {
      while (this.buffer.length > 0) {
        const points = this.buffer.slice(0, WRITE_BATCH);
        this.writing = points.length;
        try {
          await recordTrialMetrics(this.db, this.trialId, points);
        } finally {
          this.writing = 0;
        }
        this.buffer = this.buffer.slice(points.length);
        await yieldToEventLoop();
      }
    };
    // one write at a time, whether the previous one failed or not
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }
}
