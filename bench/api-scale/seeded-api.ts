import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Backend } from './databases';

const serveEntry = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface SeededApi {
  url: string;
  /** The search of `trials` trials. */
  searchId: string;
  /** Stops the API and drops its database. */
  stop(): Promise<void>;
}

/** Forks serve.ts over a new database of `backend` seeded with a search of `trials` trials. */
export async function startSeededApi(backend: Backend, trials: number): Promise<SeededApi> {
  const child = fork(serveEntry, [JSON.stringify(backend), String(trials)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const ready = once(child, 'message') as Promise<[{ url: string; searchId: string }]>;
  const started = await Promise.race([ready, exited.then(([code, signal]) => new Error(`the API process ended with ${code ?? signal} before it listened`))]);
  if (started instanceof Error) throw started;
  const [{ url, searchId }] = started;
  return {
    url,
    searchId,
    async stop() {
      child.send('stop');
      await exited;
    },
  };
}
