import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const setpriv =
  process.platform === 'linux'
    ? (process.env.PATH ?? '')
        .split(path.delimiter)
        .map((dir) => path.join(dir, 'setpriv'))
        .find((file) => {
          try {
            accessSync(file, constants.X_OK);
            return true;
          } catch {
            return false;
          }
        })
    : undefined;

/**
 * The command run through util-linux's `setpriv --pdeathsig KILL` where it exists (Linux): the trainer
 * dies with the process that started it, even when that process is killed with -9. Processes the
 * trainer starts do not inherit that; they are reaped with its group (see orphans.ts).
 */
export function withParentDeathSignal(command: readonly string[]): string[] {
  return setpriv ? [setpriv, '--pdeathsig', 'KILL', '--', ...command] : [...command];
}

/** Signals the child's whole process group (it was spawned detached, so it leads one). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** SIGTERM to the group, then SIGKILL after the grace period if the leader has not exited. */
export async function terminateGroup(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined);
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // children that ignored SIGTERM may outlive the leader
  signalGroup(child, 'SIGKILL');
}
