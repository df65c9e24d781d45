import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A command trainer's process group as recorded on disk while it runs: the worker that started it
 * (owner) and the group's leader, each with its start time, so a pid reused since is never mistaken for it.
 */
interface TrainerGroupRecord {
  host: string;
  bootId: string;
  owner: { pid: number; startTime: string };
  pgid: number;
  startTime: string;
}

export const trainerPidDir = (dataDir: string) => path.join(dataDir, 'trainer-pids');

const bootId = (() => {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
})();

/** Field 22 of /proc/<pid>/stat (clock ticks since boot), or undefined when the process is gone or /proc is absent. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const alive = (process: { pid: number; startTime: string }) => processStartTime(process.pid) === process.startTime;

/** Records the group a trainer leads; returns how to forget it once the group is gone. */
export async function recordTrainerGroup(dir: string, name: string, pgid: number): Promise<() => Promise<void>> {
  const startTime = processStartTime(pgid);
  const ownStart = processStartTime(process.pid);
  if (startTime === undefined || ownStart === undefined) return async () => undefined;
  const record: TrainerGroupRecord = { host: os.hostname(), bootId, owner: { pid: process.pid, startTime: ownStart }, pgid, startTime };
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}-${pgid}.json`);
  await writeFile(file, JSON.stringify(record));
  return () => rm(file, { force: true });
}

/**
 * Kills the process groups of trainers whose worker is gone (a worker killed with -9 cannot stop them):
 * only groups recorded on this host since its last boot, whose owner is dead and whose leader, if any
 * process still has its pid, is the one recorded. Returns how many groups were killed.
 */
export async function reapOrphanedTrainers(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let reaped = 0;
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(dir, name);
    let record: TrainerGroupRecord;
    try {
      record = JSON.parse(await readFile(file, 'utf8')) as TrainerGroupRecord;
    } catch {
      continue;
    }
    if (record.host !== os.hostname()) continue; // another machine sharing DATA_DIR
    if (record.bootId === bootId) {
      if (alive(record.owner)) continue; // a running worker's trainer
      const leader = processStartTime(record.pgid);
      // the leader's pid cannot be reused while its group has members, so a leader with another start time means the group is gone
      if (leader === undefined || leader === record.startTime) {
        try {
          process.kill(-record.pgid, 'SIGKILL');
          reaped++;
        } catch {
          // the group is already gone
        }
      }
    }
    await rm(file, { force: true });
  }
  return reaped;
}
