import type { ArtifactStore } from '../artifacts/index';
import type { Db } from '../db/index';
import type { TrainerCatalogue } from '../trainer-registration/catalogue';
import type { SweepControl } from './sweeps';

/** What the search lifecycle works with: the store of record, the sweep engine, the trainers on offer. */
export interface SearchDeps {
  db: Db;
  sweeps: SweepControl;
  trainers: TrainerCatalogue;
}

/** Who asks: the tenant (API key name) it acts as, or undefined when it may act on every search (no keys, or an admin key). */
export interface Caller {
  tenant: string | undefined;
}

/** Where this process keeps searches' files: its data directory (work directories, local models) and the artifact store. */
export interface SearchFiles {
  dataDir: string;
  artifacts: ArtifactStore;
}
