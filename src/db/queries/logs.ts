import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { trialLogs } from '../schema/index';

export interface TrialLogChunk {
  seq: number;
  byteOffset: number;
  text: string;
}

export interface TrialLogWrite {
  /** Chunks written or rewritten (a chunk grows until it is full). */
  chunks: readonly TrialLogChunk[];
  /** Chunks no longer kept: those with `from ≤ seq < to`. */
  drop?: { from: number; to: number };
  /** Remove what an earlier life of this attempt number stored (a trial requeued after a cancel counts again from 1). */
  restart: boolean;
}

/** Applies one flush of an attempt's log, in one transaction; repeating it changes nothing. */
export async function writeTrialLog(db: Db, trialId: string, attempt: number, write: TrialLogWrite): Promise<void> {
  const ofAttempt = and(eq(trialLogs.trialId, trialId), eq(trialLogs.attempt, attempt));
  await db.transaction(async (tx) => {
    if (write.restart) await tx.delete(trialLogs).where(ofAttempt);
    if (write.chunks.length > 0)
      await tx
        .insert(trialLogs)
        .values(write.chunks.map((chunk) => ({ trialId, attempt, ...chunk })))
        .onConflictDoUpdate({ target: [trialLogs.trialId, trialLogs.attempt, trialLogs.seq], set: { byteOffset: sql`excluded.byte_offset`, text: sql`excluded.text` } });
    if (write.drop && write.drop.from < write.drop.to) await tx.delete(trialLogs).where(and(ofAttempt, gte(trialLogs.seq, write.drop.from), lt(trialLogs.seq, write.drop.to)));
  });
}

const omitted = (bytes: number) => `[… ${bytes} bytes of output left out: the log keeps the head and the tail (TRIAL_LOG_MAX_BYTES) …]\n`;

/** One attempt's kept output, with a marker where output was left out. */
function joinChunks(chunks: readonly TrialLogChunk[]): string {
  let text = '';
  let end = 0;
  for (const chunk of chunks) {
    if (chunk.byteOffset > end) text += omitted(chunk.byteOffset - end);
    text += chunk.text;
    end = chunk.byteOffset + Buffer.byteLength(chunk.text);
  }
  return text;
}

/** The kept output of one attempt, or of every attempt (each under a heading). */
export async function readTrialLog(db: Db, trialId: string, attempt?: number): Promise<string> {
  const rows = await db
    .select()
    .from(trialLogs)
    .where(and(eq(trialLogs.trialId, trialId), attempt === undefined ? undefined : eq(trialLogs.attempt, attempt)))
    .orderBy(asc(trialLogs.attempt), asc(trialLogs.seq));
  if (attempt !== undefined) return joinChunks(rows);
  const attempts = [...new Set(rows.map((row) => row.attempt))];
  return attempts.map((n) => `── attempt ${n} ──\n${joinChunks(rows.filter((row) => row.attempt === n))}`).join('');
}
