import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { trainings, type TrainingRow } from '../schema/index';

export type TrainingClaim = { claimed: true } | { claimed: false; training: TrainingRow };

/**
 * Takes the lease to train `trainKey` unless another holder has a live one or the training already
 * ended; the same holder (a retried trial) takes its own lease back at once.
 */
export async function claimTraining(db: Db, trainKey: string, holder: string, modelUri: string, leaseMs: number): Promise<TrainingClaim> {
  const leaseExpiresAt = new Date(Date.now() + leaseMs);
  const [claimed] = await db
    .insert(trainings)
    .values({ trainKey, status: 'training', holder, leaseExpiresAt, modelUri })
    .onConflictDoUpdate({
      target: trainings.trainKey,
      set: { holder, leaseExpiresAt, updatedAt: new Date() },
      setWhere: and(eq(trainings.status, 'training'), or(lt(trainings.leaseExpiresAt, sql`now()`), eq(trainings.holder, holder))),
    })
    .returning();
  if (claimed) return { claimed: true };
  const [training] = await db.select().from(trainings).where(eq(trainings.trainKey, trainKey));
  return { claimed: false, training: training! };
}

export async function renewTrainingLease(db: Db, trainKey: string, holder: string, leaseMs: number): Promise<void> {
  await db
    .update(trainings)
    .set({ leaseExpiresAt: new Date(Date.now() + leaseMs), updatedAt: new Date() })
    .where(and(eq(trainings.trainKey, trainKey), eq(trainings.holder, holder), eq(trainings.status, 'training')));
}

/** Records how a training ended; a succeeded one's model (at the key's `modelUri`) is what every trial of the key reuses. */
export async function recordTrainingOutcome(
  db: Db,
  trainKey: string,
  outcome: { status: 'succeeded' | 'diverged'; metrics: Record<string, number>; error: string | null },
): Promise<void> {
  await db
    .update(trainings)
    .set({ status: outcome.status, metrics: outcome.metrics, error: outcome.error, updatedAt: new Date() })
    .where(eq(trainings.trainKey, trainKey));
}
