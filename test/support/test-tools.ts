import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The virtual environment of the Python test tools, as scripts/ensure-deps.mjs installs it. */
export function testToolsBin(tool: string): string {
  const hash = createHash('sha256').update(readFileSync('test/contract/requirements.txt')).digest('hex').slice(0, 12);
  const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'hpsearch', `test-tools-${hash}`, 'bin', tool);
}
