import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { forgetStaleRegistrations, registerTrainers, withdrawTrainers, type Db } from '../db/index';
import { registeredTrainerSchema, registrationBounds, type RegisteredTrainer } from '../trainers/descriptor-schema';
import { REGISTRATION_HEARTBEAT_MS, STALE_REGISTRATION_MS } from './timing';

export interface TrainerAnnouncement {
  /** Stops the heartbeat and withdraws the registrations. */
  stop(): Promise<void>;
}

export interface AnnounceOptions {
  db: Db;
  /** The worker's name (host:pid). */
  worker: string;
  trainers: readonly RegisteredTrainer[];
  heartbeatMs?: number;
  log?: (line: string) => void;
}

/**
 * Registers the worker's trainers (descriptors only: a command never leaves the worker) and keeps them
 * live with a heartbeat until stopped. A heartbeat the database misses is logged and tried again at the
 * next one; the registrations fall out of the catalogue only if the worker stays cut off past the TTL.
 */
export async function announceTrainers({ db, worker, trainers, heartbeatMs = REGISTRATION_HEARTBEAT_MS, log = () => undefined }: AnnounceOptions): Promise<TrainerAnnouncement> {
  const checked = z.array(registeredTrainerSchema).max(registrationBounds.trainersPerWorker).safeParse(trainers);
  if (!checked.success) throw new Error(`cannot register this worker's trainers:\n${z.prettifyError(checked.error)}`);
  const identity = { instance: randomUUID(), worker };
  await forgetStaleRegistrations(db, STALE_REGISTRATION_MS);
  await registerTrainers(db, identity, checked.data);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      beating = registerTrainers(db, identity, checked.data)
        .catch((error: Error) => log(`trainer registration: heartbeat failed, retrying in ${heartbeatMs} ms: ${error.message}`))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, heartbeatMs).unref();
  };
  schedule();
  log(`trainers registered: ${checked.data.map((t) => `${t.name} on ${t.taskQueue}`).join(', ')}`);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await beating;
      await withdrawTrainers(db, identity.instance);
    },
  };
}
