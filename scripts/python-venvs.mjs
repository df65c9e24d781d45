// The Python virtual environments the tests use, cached under ~/.cache/hpsearch/ by a hash of their
// requirements: scripts/ensure-deps.mjs installs them, test/support/ finds them, .ci/run requires them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export const venvs = {
  /** schemathesis, for test/contract */
  testTools: { name: 'test-tools', requirements: ['test/contract/requirements.txt'], probe: 'schemathesis' },
  /** the HF stack of examples/hf-lora with pytest, and the hpsearch package of python/ */
  python: { name: 'python', requirements: ['examples/hf-lora/requirements.txt', 'python/requirements-test.txt'], probe: 'pytest', localPackage: 'python' },
};

function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 12);
}

/** The venv's directory: named by the hash of its requirements files (the schemathesis one by its single file's, as before). */
export function venvDir(venv) {
  const files = venv.requirements.map((file) => readFileSync(path.join(repoRoot, file)));
  return path.join(cacheHome, 'hpsearch', `${venv.name}-${sha256(...files)}`);
}

export const venvBin = (venv, tool) => path.join(venvDir(venv), 'bin', tool);

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.name === '__pycache__' || entry.name.endsWith('.egg-info') || entry.name === 'build') return [];
    return entry.isDirectory() ? filesUnder(full) : statSync(full).isFile() ? [full] : [];
  });
}

/** The hash of a local package's files: the venv reinstalls the package when it changes (seconds), not its requirements. */
function localPackageHash(venv) {
  const files = filesUnder(path.join(repoRoot, venv.localPackage)).sort();
  return sha256(...files.flatMap((file) => [path.relative(repoRoot, file), readFileSync(file)]));
}

/** Creates the venv when it is missing and (re)installs its local package when that changed; false without python3. */
export function ensureVenv(venv, say) {
  if (spawnSync('python3', ['--version'], { stdio: 'ignore' }).status !== 0) return false;
  const dir = venvDir(venv);
  const pip = path.join(dir, 'bin', 'pip');
  const quiet = ['--quiet', '--disable-pip-version-check'];
  if (!existsSync(venvBin(venv, venv.probe))) {
    say(`installing ${venv.requirements.join(' and ')} into ${dir} (once)`);
    execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
    execFileSync(pip, ['install', ...quiet, ...venv.requirements.flatMap((file) => ['-r', path.join(repoRoot, file)])], { stdio: 'inherit' });
  }
  if (venv.localPackage) {
    const stamp = path.join(dir, `.${venv.localPackage}-package`);
    const hash = localPackageHash(venv);
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
      say(`installing ./${venv.localPackage} into ${dir}`);
      execFileSync(pip, ['install', ...quiet, '--force-reinstall', '--no-deps', '--no-build-isolation', path.join(repoRoot, venv.localPackage)], { stdio: 'inherit' });
      writeFileSync(stamp, hash);
    }
  }
  return true;
}
