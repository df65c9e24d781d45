import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultLimits, type ApiLimits } from '../src/api/deps';
import { startRuntime, type Runtime, type RuntimeOptions } from '../src/runtime';
import { installTemporalLogging } from '../src/temporal/logging';
import { createTrainerRegistry } from '../src/trainers/registry';

/** Benchmarks poll the API hard; the rate limit is not what they measure. */
export const benchApiLimits: ApiLimits = { ...defaultLimits, rateLimitPerMinute: 10_000_000 };

/** The embedded stack a benchmark runs against: PGlite and a Temporal dev server in a temporary directory. */
export async function startBenchStack(name: string, overrides: Partial<RuntimeOptions> = {}): Promise<{ runtime: Runtime; stop(): Promise<void> }> {
  installTemporalLogging((line) => console.warn(line));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `hpsearch-${name}-`));
  const runtime = await startRuntime({
    database: { pgliteDir: path.join(dataDir, 'pglite') },
    temporal: { devServer: { cliPath: process.env.TEMPORAL_CLI_PATH, dbFile: path.join(dataDir, 'temporal.db') } },
    trainers: createTrainerRegistry(),
    dataDir,
    workerName: name,
    namespace: 'default',
    sweepTaskQueue: `${name}-sweeps`,
    trialTaskQueue: `${name}-trials`,
    trialConcurrency: 4,
    trialHeartbeatTimeoutMs: 30_000,
    trialMaxAttempts: 3,
    trialsPerRun: 500,
    api: { inject: true },
    apiLimits: benchApiLimits,
    sweepWorker: true,
    trialWorker: true,
    ...overrides,
  });
  return {
    runtime,
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
