import type { ArtifactStore } from '../src/artifacts/index';
import type { Db } from '../src/db/index';
import type { TrainerRegistry } from '../src/trainers/registry';

/** What the activities of a worker work with. */
export interface ActivityDeps {
  db: Db;
  trainers: TrainerRegistry;
  /** Where trained models and checkpoints go, for every worker to find. */
  artifacts: ArtifactStore;
  dataDir: string;
  workerName: string;
  /** TRIAL_MAX_ATTEMPTS: a trial started this many times without a result is not started again. */
  maxAttempts: number;
  /** METRIC_BUFFER_MAX_POINTS: metric points of one trial waiting to be stored. */
  metricBufferMaxPoints: number;
  /** TRIAL_LOG_MAX_BYTES: output kept per trial attempt (its head and its tail). */
  trialLogMaxBytes: number;
}
