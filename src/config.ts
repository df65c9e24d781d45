import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_ARTIFACT_MAX_BYTES, MAX_ARTIFACT_BYTES } from './artifacts/limits';

const duration = z.coerce.number().int().min(1);

/** Output kept per trial attempt unless TRIAL_LOG_MAX_BYTES says otherwise. */
export const DEFAULT_TRIAL_LOG_MAX_BYTES = 1024 * 1024;

/** Number of GPUs this worker sees (CUDA_VISIBLE_DEVICES), or undefined when none is declared. */
function visibleGpuCount(env: NodeJS.ProcessEnv): number | undefined {
  const devices = env.CUDA_VISIBLE_DEVICES?.split(',').filter((d) => d.trim() !== '' && d.trim() !== '-1');
  return devices && devices.length > 0 ? devices.length : undefined;
}

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65_535).default(8233),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  SWEEP_TASK_QUEUE: z.string().min(1).default('hpsearch-sweeps'),
  TRIAL_TASK_QUEUE: z.string().min(1).default('hpsearch-trials'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).optional(),
  TRAINERS_FILE: z.string().min(1).optional(),
  NSMC_TRAIN_PATH: z.string().min(1).optional().meta({ description: 'NSMC training file for the nsmc trainer (default: the shipped 10k slice)' }),
  NSMC_TEST_PATH: z.string().min(1).optional(),
  TRIAL_HEARTBEAT_TIMEOUT_MS: duration.default(30_000),
  TRIAL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  TRIAL_PROCESS_HEAP_MB: z.coerce.number().int().min(64).max(1_048_576).default(4_096),
  TRIAL_PROCESS_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
  METRIC_BUFFER_MAX_POINTS: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  // at least twice the longest line kept (16,384 characters of up to 4 bytes), so the tail holds one
  TRIAL_LOG_MAX_BYTES: z.coerce.number().int().min(256 * 1024).max(64 * 1024 * 1024).default(DEFAULT_TRIAL_LOG_MAX_BYTES),
  TRIALS_PER_WORKFLOW_RUN: z.coerce.number().int().min(1).default(500),
  API_KEYS: z.string().optional().meta({ description: 'name:sha256-hex,… (hpsearch hash-key <key> prints one)' }),
  ADMIN_KEY_NAMES: z.string().optional().meta({ description: 'names of API_KEYS entries that see and may change every search' }),
  READS_REQUIRE_KEY: z.stringbool().optional().meta({ description: 'reads need a key and see only its searches (default: whenever API_KEYS is set)' }),
  ALLOWED_HOSTS: z.string().optional().meta({ description: 'Host header names the API answers for (any port), * for any' }),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(1024 * 1024),
  ANSWER_CACHE_BYTES: z.coerce.number().int().min(0).max(1024 * 1024 * 1024).default(32 * 1024 * 1024),
  ARTIFACT_STORE: z.enum(['fs', 'postgres', 's3']).default('fs'),
  ARTIFACT_DIR: z.string().min(1).optional().meta({ description: 'fs artifact store: its directory (default DATA_DIR/artifacts)' }),
  ARTIFACT_MAX_BYTES: z.coerce.number().int().min(1_024).max(MAX_ARTIFACT_BYTES).default(DEFAULT_ARTIFACT_MAX_BYTES),
  ARTIFACT_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  ARTIFACT_S3_PREFIX: z.string().regex(/^([A-Za-z0-9][A-Za-z0-9._-]*\/)*$/, "must be empty or end with '/', e.g. hpsearch/").default(''),
  ARTIFACT_S3_REGION: z.string().min(1).default('us-east-1'),
  ARTIFACT_S3_ENDPOINT: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  ARTIFACT_S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  /** Trial activities one worker runs at once: WORKER_CONCURRENCY, else one per visible GPU, else `fallback`. */
  trialConcurrency(fallback: number): number;
  dataDir: string;
  workerName: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = parsed.data;
  if (raw.READS_REQUIRE_KEY && !raw.API_KEYS) throw new ConfigError('invalid configuration:\n  READS_REQUIRE_KEY: needs API_KEYS (without keys nobody could read)');
  if (raw.ARTIFACT_STORE === 's3' && !raw.ARTIFACT_S3_BUCKET) throw new ConfigError('invalid configuration:\n  ARTIFACT_S3_BUCKET: needed with ARTIFACT_STORE=s3');
  if (raw.ADMIN_KEY_NAMES && !raw.API_KEYS) throw new ConfigError('invalid configuration:\n  ADMIN_KEY_NAMES: needs API_KEYS');
  return {
    ...raw,
    dataDir: path.resolve(raw.DATA_DIR),
    workerName: `${os.hostname()}:${process.pid}`,
    trialConcurrency: (fallback) => raw.WORKER_CONCURRENCY ?? visibleGpuCount(env) ?? fallback,
  };
}
