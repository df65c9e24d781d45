#!/usr/bin/env node
// The Python half of `npm test`: pytest over python/tests and examples/hf-lora in the venv that
// scripts/ensure-deps.mjs installs. Without it the tests are skipped with a message, or fail when
// REQUIRE_PYTHON_TESTS=1 (CI). pytest prints its own closing line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { venvBin, venvs } from './python-venvs.mjs';

const python = venvBin(venvs.python, 'python');
if (!existsSync(python)) {
  const message = `the Python venv is not installed (${python}; npm test installs it with python3)`;
  if (process.env.REQUIRE_PYTHON_TESTS === '1') {
    console.error(`pytest: ${message}`);
    process.exit(1);
  }
  console.warn(`skipping the Python tests: ${message} (set REQUIRE_PYTHON_TESTS=1 to make this a failure)`);
  process.exit(0);
}
const result = spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--rootdir', '.', 'python/tests', 'examples/hf-lora'], {
  stdio: 'inherit',
  env: { ...process.env, HF_HUB_OFFLINE: '1', PYTHONDONTWRITEBYTECODE: '1' },
});
process.exit(result.status ?? 1);
