import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';
import { stopStaleProcesses } from '../util/stale-processes';

export const TEMPORAL_CLI_VERSION = '1.5.1';

/** Where .ci/run and the README put the `go install`ed Temporal CLI. */
export function cachedCliPath(): string {
  const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'hpsearch', `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

export interface DevServerBinary {
  executable: EphemeralServerExecutable;
  /** Says where the binary comes from, for the start-up log. */
  source: string;
}

export function resolveDevServerBinary(explicitPath: string | undefined): DevServerBinary {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI_PATH points to ${explicitPath}, which does not exist`);
    return { executable: { type: 'existing-path', path: explicitPath }, source: `TEMPORAL_CLI_PATH (${explicitPath})` };
  }
  const cached = cachedCliPath();
  if (existsSync(cached)) return { executable: { type: 'existing-path', path: cached }, source: `cached build (${cached})` };
  return { executable: { type: 'cached-download' }, source: "the Temporal SDK's download" };
}

export interface DevServerOptions {
  cliPath: string | undefined;
  /** SQLite file the dev server persists to; omit for an in-memory server. */
  dbFile?: string;
  namespace: string;
  port?: number;
  /** Serve the Temporal Web UI on this port. */
  uiPort?: number;
}

/** Starts a local Temporal dev server; the returned environment owns it (teardown stops it). */
/** Dev servers left running on `dbFile` by a killed process. */
const stopStaleDevServers = (dbFile: string) => stopStaleProcesses((args) => args.includes('start-dev') && args.includes(dbFile));

export async function startDevServer(options: DevServerOptions): Promise<{ env: TestWorkflowEnvironment; source: string; stalePids: number[] }> {
  const binary = resolveDevServerBinary(options.cliPath);
  const stalePids = options.dbFile ? await stopStaleDevServers(options.dbFile) : [];
  let lastError: Error | undefined;
  // a loaded machine can miss the SDK's start-up deadline once; a second try usually makes it
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return { env: await createDevServer(binary, options), source: binary.source, stalePids };
    } catch (error) {
      lastError = error as Error;
      if (options.dbFile) await stopStaleDevServers(options.dbFile);
    }
  }
  throw new Error(
    `could not start a Temporal dev server from ${binary.source}: ${lastError?.message}\n` +
      `Set TEMPORAL_CLI_PATH to a temporal CLI binary, or build one with\n` +
      `  GOBIN=${path.dirname(cachedCliPath())} go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}\n` +
      `or set TEMPORAL_ADDRESS to a running Temporal server.`,
  );
}

function createDevServer(binary: DevServerBinary, options: DevServerOptions): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: binary.executable,
      namespace: options.namespace,
      ip: '127.0.0.1',
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.dbFile !== undefined ? { dbFilename: options.dbFile } : {}),
      ...(options.uiPort !== undefined ? { ui: true, uiPort: options.uiPort } : {}),
      log: { format: 'pretty', level: 'error' },
    },
  });
}
