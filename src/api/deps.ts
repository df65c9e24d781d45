import { configSchema, type RawConfig } from '../config';
import type { Database } from '../db/index';
import type { SearchFiles, SweepControl } from '../searches/index';
import type { TrainerCatalogue } from '../trainer-registration/catalogue';
import type { ApiKey } from './auth';
import type { TemporalUi } from './temporal-ui';

export interface ApiLimits {
  /** Requests per minute per caller (API key, else client address). */
  rateLimitPerMinute: number;
  requestTimeoutMs: number;
  bodyLimitBytes: number;
  /** Full answers of unchanged searches kept to send again (0: none). */
  answerCacheBytes: number;
}

export const apiLimitsOf = (config: Pick<RawConfig, 'RATE_LIMIT_PER_MINUTE' | 'REQUEST_TIMEOUT_MS' | 'BODY_LIMIT_BYTES' | 'ANSWER_CACHE_BYTES'>): ApiLimits => ({
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
  answerCacheBytes: config.ANSWER_CACHE_BYTES,
});

/** The limits of a server started without configuration. */
export const defaultLimits: ApiLimits = apiLimitsOf(configSchema.parse({}));

/** Who may reach the API, beyond its keys. */
export interface ApiAccess {
  /** Reads of /v1/** and /metrics need a key and see only the caller's searches; default: whenever there are keys. */
  readsRequireKey?: boolean;
  /** Host names (any port) the API answers for; unset: any. */
  allowedHosts?: readonly string[];
}

export interface AppDeps {
  database: Database;
  sweeps: SweepControl;
  trainers: TrainerCatalogue;
  /** The files a search deletion removes with it. */
  files: SearchFiles;
  logger?: boolean | { level: string };
  /** API keys; when there are any, mutating routes need one. */
  apiKeys?: readonly ApiKey[];
  access?: ApiAccess;
  limits?: ApiLimits;
  /** Linked from each search when set. */
  temporalUi?: TemporalUi;
}
