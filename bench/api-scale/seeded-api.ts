import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Backend } from './databases';

const serveEntry = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface SeededApiUrls {
  /** The API keeping no answers, and the API keeping them (the default cache). */
  uncached: string;
  cached: string;
  /** The floor server, sending the search's answer from `/`. */
  floor: string;
  /** The search of `trials` trials. */
  searchId: string;
}

export interface SeededApi extends SeededApiUrls {
  /** Stops the servers and drops their database. */
  stop(): Promise<void>;
}

/** Forks serve.ts over a new database of `backend` seeded with a search of `trials` trials. */
export async function startSeededApi(backend: Backend, trials: number): Promise<SeededApi> {
  const child = fork(serveEntry, [JSON.stringify(backend), String(trials)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const ready = once(child, 'message') as Promise<[SeededApiUrls]>;
  const started = await Promise.race([ready, exited.then(([code, signal]) => new Error(`the API process ended with ${code ?? signal} before it listened`))]);
  if (started instanceof Error) throw started;
  const [urls] = started;
  return {
    ...urls,
    async stop() {
      child.send('stop');
      await exited;
    },
  };
}
