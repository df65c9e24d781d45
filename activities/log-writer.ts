import { writeTrialLog, type Db, type TrialLogChunk } from '../src/db/index';
import { boundLogLine } from '../src/trainers/log-line';

/** Chunks per kept half: a dropped tail chunk loses at most this share of the tail. */
const CHUNKS_PER_HALF = 8;

interface Chunk extends TrialLogChunk {
  bytes: number;
  /** Bumped by every change; the chunk is stored when `stored` has caught up with it. */
  version: number;
  stored: number;
}

/**
 * Keeps one attempt's output for the trial's logs, bounded to `maxBytes`: the first half as it came, then
 * the latest lines up to the other half (older ones are dropped, chunk by chunk, and the gap shows in the
 * stored offsets). `flush` writes what changed since the last flush; a failed flush is repeated by the next.
 */
export class TrialLogWriter {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly chunkLimit: number;
  /** Head chunks not yet stored, and the last one, which may still grow. */
  private head: Chunk[] = [];
  private headBytes = 0;
  private headOpen = true;
  /** Every tail chunk still kept. */
  private tail: Chunk[] = [];
  private tailBytes = 0;
  private firstTailSeq: number | undefined;
  private nextSeq = 0;
  /** Bytes of output seen so far. */
  private offset = 0;
  private restart = true;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly trialId: string,
    private readonly attempt: number,
    maxBytes: number,
  ) {
    this.headLimit = Math.floor(maxBytes / 2);
    this.tailLimit = maxBytes - this.headLimit;
    this.chunkLimit = Math.max(1, Math.floor(this.headLimit / CHUNKS_PER_HALF));
  }

  add(rawLine: string): void {
    const text = `${boundLogLine(rawLine)}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.headOpen && this.headBytes + bytes <= this.headLimit) {
      this.append(this.head, text, bytes);
      this.headBytes += bytes;
    } else {
      this.headOpen = false;
      this.firstTailSeq ??= this.nextSeq;
      this.append(this.tail, text, bytes);
      this.tailBytes += bytes;
      this.dropOldTail();
    }
    this.offset += bytes;
  }

  private append(chunks: Chunk[], text: string, bytes: number): void {
    const last = chunks.at(-1);
    if (last && last.bytes + bytes <= this.chunkLimit) {
      last.text += text;
      last.bytes += bytes;
      last.version++;
    } else chunks.push({ seq: this.nextSeq++, byteOffset: this.offset, text, bytes, version: 1, stored: 0 });
  }

  /** Drops the oldest tail chunks, then the oldest lines of the last one, until the tail fits. */
  private dropOldTail(): void {
    while (this.tailBytes > this.tailLimit && this.tail.length > 1) this.tailBytes -= this.tail.shift()!.bytes;
    const only = this.tail[0]!;
    while (this.tailBytes > this.tailLimit) {
      const cut = only.text.indexOf('\n') + 1;
      const removed = Buffer.byteLength(only.text.slice(0, cut));
      only.text = only.text.slice(cut);
      only.bytes -= removed;
      only.byteOffset += removed;
      only.version++;
      this.tailBytes -= removed;
    }
  }

  flush(): Promise<void> {
    const write = async () => {
      const changed = [...this.head, ...this.tail].filter((chunk) => chunk.stored !== chunk.version);
      if (changed.length === 0 && !this.restart) return;
      const versions = changed.map((chunk) => chunk.version);
      const drop = this.firstTailSeq !== undefined && this.tail[0] ? { from: this.firstTailSeq, to: this.tail[0].seq } : undefined;
      await writeTrialLog(this.db, this.trialId, this.attempt, {
        chunks: changed.map(({ seq, byteOffset, text }) => ({ seq, byteOffset, text })),
        restart: this.restart,
        ...(drop ? { drop } : {}),
      });
      changed.forEach((chunk, i) => (chunk.stored = versions[i]!));
      this.restart = false;
      // stored head chunks are done with, but for the last one, which may still grow
      this.head = this.head.filter((chunk, i) => chunk.stored !== chunk.version || (this.headOpen && i === this.head.length - 1));
    };
    // one write at a time, whether the previous one failed or not
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }
}
