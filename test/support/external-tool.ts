import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Whether an executable path exists, or a command on the PATH answers `args`. */
export const toolPresent = (command: string, args: string[] = ['--version']) =>
  command.startsWith('/') ? existsSync(command) : spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/**
 * Whether to run a test that needs an external tool. A missing tool skips it with a message, unless the
 * environment variable `requireFlag` is 1 (as in CI): then the test runs and fails on the missing tool.
 */
export function runsWithTool(tool: string, present: boolean, requireFlag: string): boolean {
  if (present || process.env[requireFlag] === '1') return true;
  console.warn(`skipping the tests that need ${tool}: it is not installed (set ${requireFlag}=1 to make this a failure)`);
  return false;
}
