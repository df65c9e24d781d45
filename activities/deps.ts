import type { Db } from '../src/db/index';
import type { TrainerRegistry } from '../src/trainers/registry';

/** What the activities of a worker work with. */
export interface ActivityDeps {
  db: Db;
  trainers: TrainerRegistry;
  dataDir: string;
  workerName: string;
}
