import type { Database } from '../db/index';
import type { SweepControl } from '../temporal/sweep-control';
import type { TrainerDescriptor } from '../trainers/types';

export interface AppDeps {
  database: Database;
  /** undefined in an API-only process that could not reach Temporal at start. */
  sweeps: SweepControl;
  trainers: ReadonlyMap<string, TrainerDescriptor>;
  logger?: boolean | { level: string };
}
