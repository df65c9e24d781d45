import { desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { trainerRegistrations, type TrainerRegistrationRow } from '../schema/index';

export interface WorkerIdentity {
  /** Random per worker process: the rows' owner. */
  instance: string;
  /** host:pid, as shown. */
  worker: string;
}

/** Rows read back at most; far above workers × trainers of any deployment. */
const MAX_LIVE_REGISTRATIONS = 10_000;

/**
 * Writes (or refreshes) the worker's registration of each trainer, seen now by the database's clock, so
 * workers on hosts with skewed clocks are judged alike. Registering again is the heartbeat.
 */
export async function registerTrainers(db: Db, identity: WorkerIdentity, descriptors: readonly { name: string }[]): Promise<void> {
  if (descriptors.length === 0) return;
  await db
    .insert(trainerRegistrations)
    .values(descriptors.map((descriptor) => ({ ...identity, trainer: descriptor.name, descriptor })))
    .onConflictDoUpdate({
      target: [trainerRegistrations.instance, trainerRegistrations.trainer],
      set: { descriptor: sql`excluded.descriptor`, lastSeenAt: sql`now()` },
    });
}

/** A worker that stops cleanly takes its trainers off the list at once. */
export async function withdrawTrainers(db: Db, instance: string): Promise<void> {
  await db.delete(trainerRegistrations).where(eq(trainerRegistrations.instance, instance));
}

/** Registrations seen within the last `liveForMs`, newest registration first. */
export async function liveTrainerRegistrations(db: Db, liveForMs: number): Promise<TrainerRegistrationRow[]> {
  return db
    .select()
    .from(trainerRegistrations)
    .where(gt(trainerRegistrations.lastSeenAt, sql`now() - make_interval(secs => ${liveForMs / 1000})`))
    .orderBy(desc(trainerRegistrations.registeredAt), trainerRegistrations.instance, trainerRegistrations.trainer)
    .limit(MAX_LIVE_REGISTRATIONS);
}

/** Deletes what killed workers left behind, once unseen for `unseenForMs`. */
export async function forgetStaleRegistrations(db: Db, unseenForMs: number): Promise<void> {
  await db.delete(trainerRegistrations).where(lt(trainerRegistrations.lastSeenAt, sql`now() - make_interval(secs => ${unseenForMs / 1000})`));
}
