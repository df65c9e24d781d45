import path from 'node:path';
import { parseApiKeys } from '../api/auth';
import { artifactSettings } from '../artifacts/index';
import { apiLimitsOf } from '../api/deps';
import { LOOPBACK_HOSTS, parseAllowedHosts } from '../api/hosts';
import { loadConfig, type Config } from '../config';
import { setLogLevel } from '../observability/logger';
import { startRuntime, type Runtime } from '../runtime';
import { installTemporalLogging } from '../temporal/logging';
import { recoverInterruptedSearches } from '../searches/index';
import { REGISTRATION_TTL_MS } from '../trainer-registration/timing';
import type { CommandTrainerConfig } from '../trainers/command/config';
import { serviceTrainers, serviceTrainersModule } from '../trainers/service-trainers';

export type ServiceRole = 'all' | 'api' | 'worker';

export interface ServiceFlags {
  queues?: ('sweeps' | 'trials')[];
  concurrency?: number;
  /** The worker's trainers file (default: TRAINERS_FILE). */
  trainersFile?: string;
  /** One more command trainer (`worker --trainer`). */
  trainer?: CommandTrainerConfig;
}

const log = (line: string) => console.log(`[hpsearch] ${line}`);

const listSetting = (setting: string | undefined) => (setting ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);

/** ALLOWED_HOSTS; unset, `start` (a local, embedded service) answers only for loopback names, others for any host. */
function allowedHosts(role: ServiceRole, setting: string | undefined): { allowedHosts?: readonly string[] } {
  const hosts = setting !== undefined ? parseAllowedHosts(setting) : role === 'all' ? LOOPBACK_HOSTS : undefined;
  return hosts ? { allowedHosts: hosts } : {};
}

/** How long recovery waits for a worker to register a search's trainer (workers announce theirs seconds after they start). */
const RECOVERY_TRAINER_WAIT_MS = 4 * REGISTRATION_TTL_MS;

/** Embedded means: whatever is not configured runs inside this process (PGlite, a Temporal dev server). */
export async function runService(role: ServiceRole, flags: ServiceFlags = {}, config: Config = loadConfig()): Promise<Runtime> {
  if (role !== 'all' && !config.DATABASE_URL) throw new Error(`'${role === 'api' ? 'serve' : 'worker'}' needs DATABASE_URL: PGlite lives inside one process, so only 'start' can use it`);
  if (role !== 'all' && !config.TEMPORAL_ADDRESS) throw new Error(`'${role === 'api' ? 'serve' : 'worker'}' needs TEMPORAL_ADDRESS; only 'start' runs an embedded Temporal dev server`);
  installTemporalLogging(log);
  setLogLevel(config.LOG_LEVEL);
  const queues = flags.queues ?? ['sweeps', 'trials'];
  const runtime = await startRuntime({
    database: config.DATABASE_URL ? { url: config.DATABASE_URL } : { pgliteDir: path.join(config.dataDir, 'pglite') },
    temporal: config.TEMPORAL_ADDRESS
      ? { address: config.TEMPORAL_ADDRESS }
      : { devServer: { cliPath: config.TEMPORAL_CLI_PATH, dbFile: path.join(config.dataDir, 'temporal.db'), ...(config.TEMPORAL_UI_PORT > 0 ? { uiPort: config.TEMPORAL_UI_PORT } : {}) } },
    ...(config.TEMPORAL_UI_URL ? { temporalUiUrl: config.TEMPORAL_UI_URL } : {}),
    ...(config.METRICS_PORT !== undefined ? { metrics: { port: config.METRICS_PORT, host: config.HOST } } : {}),
    trainers: await serviceTrainers(config, role === 'api' ? undefined : (flags.trainersFile ?? config.TRAINERS_FILE), flags.trainer ? [flags.trainer] : []),
    // embedded: trainers run in child processes, so one that blocks or runs out of memory cannot take the API down
    ...(role === 'all' ? { trialHosts: { trainersModule: serviceTrainersModule, heapLimitMb: config.TRIAL_PROCESS_HEAP_MB, niceness: config.TRIAL_PROCESS_NICENESS } } : {}),
    metricBufferMaxPoints: config.METRIC_BUFFER_MAX_POINTS,
    trialLogMaxBytes: config.TRIAL_LOG_MAX_BYTES,
    dataDir: config.dataDir,
    artifacts: artifactSettings(config),
    workerName: config.workerName,
    namespace: config.TEMPORAL_NAMESPACE,
    sweepTaskQueue: config.SWEEP_TASK_QUEUE,
    trialTaskQueue: config.TRIAL_TASK_QUEUE,
    trialConcurrency: flags.concurrency ?? config.trialConcurrency(role === 'all' ? 4 : 1),
    trialHeartbeatTimeoutMs: config.TRIAL_HEARTBEAT_TIMEOUT_MS,
    trialMaxAttempts: config.TRIAL_MAX_ATTEMPTS,
    trialsPerRun: config.TRIALS_PER_WORKFLOW_RUN,
    ...(role !== 'worker' ? { api: { port: config.PORT, host: config.HOST, logLevel: config.LOG_LEVEL } } : {}),
    apiKeys: config.API_KEYS ? parseApiKeys(config.API_KEYS, listSetting(config.ADMIN_KEY_NAMES)) : [],
    apiAccess: {
      ...(config.READS_REQUIRE_KEY !== undefined ? { readsRequireKey: config.READS_REQUIRE_KEY } : {}),
      ...allowedHosts(role, config.ALLOWED_HOSTS),
    },
    apiLimits: apiLimitsOf(config),
    sweepWorker: role !== 'api' && queues.includes('sweeps'),
    trialWorker: role !== 'api' && queues.includes('trials'),
    log,
  });
  const shutdown = async (reason: string, exitCode = 0) => {
    log(`${reason}: shutting down`);
    await runtime.stop();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // without its database the service can only fail every request: it exits, and a restart recovers its searches
  void runtime.database.lost?.then((reason) => shutdown(reason, 1));
  if (role !== 'worker') {
    const deps = { db: runtime.database.db, sweeps: runtime.sweeps, trainers: runtime.catalogue };
    const { recovered, interrupted } = await recoverInterruptedSearches(deps, { trainerWaitMs: RECOVERY_TRAINER_WAIT_MS });
    if (recovered.length > 0) log(`recovered ${recovered.length} interrupted search(es): ${recovered.join(', ')}`);
    if (interrupted.length > 0) log(`could not recover ${interrupted.length} search(es), now interrupted: ${interrupted.join(', ')}`);
  }
  return runtime;
}
