import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Pids of dev servers still running on `dbFile`: left behind when the process that started them was killed. */
function devServersOn(dbFile: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return []; // no procfs: nothing to look at
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes('start-dev') && args.includes(dbFile)) pids.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops orphaned dev servers holding `dbFile`, so a restarted process can open it. Returns their pids. */
export async function stopStaleDevServers(dbFile: string): Promise<number[]> {
  const pids = devServersOn(dbFile);
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5_000 && pids.some(alive); waited += 100) await sleep(100);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  return pids;
}
