import { spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/hpsearch.js as a user would, with pipes for output (so not a TTY). */
export function hpsearch(...args: string[]): Promise<CliRun> {
  return hpsearchWith({}, ...args);
}

/** The same, with these environment variables added (e.g. DATABASE_URL for an admin command). */
export function hpsearchWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/hpsearch.js', ...args], { env: { ...process.env, HPSEARCH_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
