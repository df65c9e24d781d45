import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Pids of other live processes whose command line `matches`. */
function processesWhere(matches: (args: readonly string[]) => boolean): number[] {
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
      if (matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'))) pids.push(Number(entry));
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

/**
 * Stops the processes whose command line `matches` (a server left holding a file by the killed process that
 * started it), so a restarted one can open that file: SIGTERM, then SIGKILL after 5 s. Returns their pids.
 */
export async function stopStaleProcesses(matches: (args: readonly string[]) => boolean): Promise<number[]> {
  const pids = processesWhere(matches);
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5_000 && pids.some(alive); waited += 100) await sleep(100);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  return pids;
}
