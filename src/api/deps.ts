import type { Database } from '../db/index';
import type { ApiKey } from './auth';

export interface ApiLimits {
  /** Requests per minute per caller (API key, else client address). */
  rateLimitPerMinute: number;
  requestTimeoutMs: number;
  bodyLimitBytes: number;
}

export const defaultLimits: ApiLimits = { rateLimitPerMinute: 1_200, requestTimeoutMs: 30_000, bodyLimitBytes: 1024 * 1024 };
import type { SweepControl } from '../temporal/sweep-control';
import type { TemporalUi } from './temporal-ui';
import type { TrainerDescriptor } from '../trainers/types';

export interface AppDeps {
  database: Database;
  /** undefined in an API-only process that could not reach Temporal at start. */
  sweeps: SweepControl;
  trainers: ReadonlyMap<string, TrainerDescriptor>;
  logger?: boolean | { level: string };
  /** API keys; when there are any, mutating routes need one. */
  apiKeys?: readonly ApiKey[];
  limits?: ApiLimits;
  /** Linked from each search when set. */
  temporalUi?: TemporalUi;
}
