import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './service-process';
import { until } from './until';

/** gofakes3 (MIT), an S3-compatible server, as scripts/ensure-deps.mjs builds it with Go. */
export const GOFAKES3_VERSION = '1.2.0';
export const s3ServerPath = process.env.GOFAKES3_PATH ?? path.join(os.homedir(), '.cache', 'hpsearch', `gofakes3-${GOFAKES3_VERSION}`, 'gofakes3');

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

/** An in-memory S3 server on a free loopback port with one bucket; the SDK's credentials are set to placeholders it accepts. */
export async function startS3Server(bucket = 'hpsearch-test'): Promise<S3TestServer> {
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const port = await freePort();
  const child = spawn(s3ServerPath, ['-backend', 'memory', '-host', `127.0.0.1:${port}`, '-initialbucket', bucket], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  const endpoint = `http://127.0.0.1:${port}`;
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`gofakes3 exited: ${stderr}`);
      return fetch(`${endpoint}/${bucket}`).then(
        (answer) => answer.ok,
        () => false,
      );
    },
    10_000,
    'gofakes3 answering',
  );
  return {
    endpoint,
    bucket,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
