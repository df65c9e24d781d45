import type { Db } from '../db/index';
import type { TrainerDescriptor } from '../trainers/types';
import type { SweepControl } from './sweeps';

/** What the search lifecycle works with: the store of record, the sweep engine, the trainers on offer. */
export interface SearchDeps {
  db: Db;
  sweeps: SweepControl;
  trainers: ReadonlyMap<string, TrainerDescriptor>;
}

/** Who asks: the name of the caller's API key, or undefined without keys. */
export interface Caller {
  tenant: string | undefined;
}
