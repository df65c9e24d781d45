import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { afterAll } from 'vitest';

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** SIGKILL, the way a crash or the OOM killer ends a process; resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGKILL to the service's whole process group (it leads one), the way a supervisor ends a service. */
  kill9Group(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `hpsearch <args>` as a child process leading its own process group, the way an operator would, and waits for `ready`. */
export async function spawnService(args: string[], env: NodeJS.ProcessEnv, ready: (output: string) => boolean, timeoutMs = 90_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [path.resolve('bin/hpsearch.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  const deadline = Date.now() + timeoutMs;
  while (!ready(output)) {
    if (child.exitCode !== null) throw new Error(`hpsearch ${args.join(' ')} exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hpsearch ${args.join(' ')} not ready after ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const killGroup = async () => {
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };
  return { child, output: () => output, kill9: () => end('SIGKILL'), kill9Group: killGroup, stop: () => end('SIGTERM') };
}

export interface EmbeddedService {
  service: ServiceProcess;
  port: number;
  url: string;
}

/**
 * `hpsearch start` for the file's tests, in a data directory of its own: `start` runs it (again, after a
 * kill, on the same port when given one); after the tests it is stopped and its directory removed.
 */
export function useEmbeddedService(name: string): { dataDir: string; start(env?: NodeJS.ProcessEnv, port?: number): Promise<EmbeddedService> } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `hpsearch-${name}-`));
  let current: ServiceProcess | undefined;
  afterAll(async () => {
    await current?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async start(env = {}, port?: number) {
      // one service per data directory: one left running (a retried test) is stopped first
      await current?.stop();
      const listen = port ?? (await freePort());
      current = await spawnService(['start'], { DATA_DIR: dataDir, PORT: String(listen), TEMPORAL_UI_PORT: '0', LOG_LEVEL: 'warn', ...env }, (out) => out.includes('api: http'));
      return { service: current, port: listen, url: `http://127.0.0.1:${listen}` };
    },
  };
}
