import { isDeepStrictEqual } from 'node:util';
import { liveTrainerRegistrations, type Db } from '../db/index';
import { describeTrainer, registeredTrainerSchema, type RegisteredTrainer } from '../trainers/descriptor-schema';
import { trialTaskQueueOf } from '../trainers/routing';
import type { TrainerDescriptor } from '../trainers/types';
import { CATALOGUE_CACHE_MS, REGISTRATION_TTL_MS } from './timing';

/** A live worker's registration of a trainer. */
export interface Registration {
  worker: string;
  registeredAt: Date;
  lastSeenAt: Date;
  trainer: RegisteredTrainer;
}

export interface TrainerWorker {
  worker: string;
  taskQueue: string;
  registeredAt: Date;
  lastSeenAt: Date;
  /** False when this worker registered another descriptor under the name than the one offered. */
  matchesOffered: boolean;
}

export interface CatalogueEntry {
  trainer: RegisteredTrainer;
  builtIn: boolean;
  workers: TrainerWorker[];
}

/** The trainers a spec may name: the built-ins and those live workers offer, read without a restart. */
export interface TrainerCatalogue {
  /** Offered whether or not a worker runs them right now, described by this process's code. */
  readonly builtIns: readonly RegisteredTrainer[];
  /** By name, the descriptor specs are checked against, with the task queue its trials go to. */
  offered(): Promise<ReadonlyMap<string, RegisteredTrainer>>;
  /** Every offered trainer with the live workers that run it, by name. */
  list(): Promise<readonly CatalogueEntry[]>;
}

/**
 * Built-ins are described by this process's code. Of live workers offering one name with different
 * descriptors, the newest registration wins (a redeployed trainer replaces the old one as its workers
 * roll over); the others stay listed with `matchesOffered: false`.
 */
export function catalogueOf(builtIns: readonly RegisteredTrainer[], registrations: readonly Registration[]): CatalogueEntry[] {
  const entries = new Map<string, CatalogueEntry>(builtIns.map((trainer) => [trainer.name, { trainer, builtIn: true, workers: [] }]));
  const newestFirst = [...registrations].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime() || a.worker.localeCompare(b.worker));
  for (const registration of newestFirst) {
    const { trainer } = registration;
    let entry = entries.get(trainer.name);
    if (!entry) entries.set(trainer.name, (entry = { trainer, builtIn: false, workers: [] }));
    entry.workers.push({
      worker: registration.worker,
      taskQueue: trainer.taskQueue,
      registeredAt: registration.registeredAt,
      lastSeenAt: registration.lastSeenAt,
      matchesOffered: isDeepStrictEqual(trainer, entry.trainer),
    });
  }
  return [...entries.values()].sort((a, b) => a.trainer.name.localeCompare(b.trainer.name));
}

export interface CatalogueOptions {
  db: Db;
  builtIns: readonly TrainerDescriptor[];
  /** Where the built-ins' trials go. */
  trialTaskQueue: string;
  liveForMs?: number;
  cacheMs?: number;
}

/** Registrations are read from the database at most once per `cacheMs`; a row that does not parse is left out. */
export function createTrainerCatalogue({ db, builtIns, trialTaskQueue, liveForMs = REGISTRATION_TTL_MS, cacheMs = CATALOGUE_CACHE_MS }: CatalogueOptions): TrainerCatalogue {
  const described = builtIns.map((t) => registeredTrainerSchema.parse(describeTrainer(t, trialTaskQueueOf(t, trialTaskQueue))));
  let cached: { until: number; entries: Promise<CatalogueEntry[]> } | undefined;
  const read = async (): Promise<CatalogueEntry[]> => {
    const registrations: Registration[] = [];
    for (const row of await liveTrainerRegistrations(db, liveForMs)) {
      const trainer = registeredTrainerSchema.safeParse(row.descriptor);
      if (trainer.success && trainer.data.name === row.trainer)
        registrations.push({ worker: row.worker, registeredAt: row.registeredAt, lastSeenAt: row.lastSeenAt, trainer: trainer.data });
    }
    return catalogueOf(described, registrations);
  };
  const list = (): Promise<CatalogueEntry[]> => {
    if (!cached || Date.now() >= cached.until) {
      const entries = read();
      cached = { until: Date.now() + cacheMs, entries };
      entries.catch(() => {
        if (cached?.entries === entries) cached = undefined;
      });
    }
    return cached.entries;
  };
  return {
    builtIns: described,
    list,
    offered: async () => new Map((await list()).map((entry) => [entry.trainer.name, entry.trainer])),
  };
}
