#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs node modules when they are missing or stale, builds the
// web dashboard when web/dist is missing or older than its sources, builds the Temporal CLI into the
// cache when none is available and Go is (the SDK's own download needs the internet), and (for `npm test`)
// installs the Python tools the tests run (schemathesis; the HF stack, pytest and ./python) into virtual environments
// cached by a hash of their requirements (scripts/python-venvs.mjs), the time-skipping test server of the workflow
// tests when java and mvn are there, and gofakes3 (the S3 server of the artifact store's tests) when Go is.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TEMPORAL_CLI_VERSION = '1.5.1';
/** As test/support/s3-server.ts expects it. */
const GOFAKES3_VERSION = '1.2.0';
const say = (line) => console.error(`[ensure-deps] ${line}`);

const installedLock = 'node_modules/.package-lock.json';
if (!existsSync(installedLock) || statSync('package-lock.json').mtimeMs > statSync(installedLock).mtimeMs) {
  say('installing node modules (npm ci)');
  // onnxruntime-node's install script downloads its CUDA libraries unless told to skip; a GPU host sets ONNXRUNTIME_NODE_INSTALL=cuda12
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: process.env.ONNXRUNTIME_NODE_INSTALL ?? 'skip' } });
}

// imported only now: it needs esbuild from node_modules
const { buildWeb, webBuildIsStale } = await import('./build-web.mjs');
if (webBuildIsStale()) {
  say('building the web dashboard (npm run build:web)');
  await buildWeb();
}

const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
const cliDir = path.join(cacheHome, 'hpsearch', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
if (!process.env.TEMPORAL_CLI_PATH && !process.env.TEMPORAL_ADDRESS && !existsSync(path.join(cliDir, 'temporal')) && hasGo) {
  say(`building the Temporal CLI v${TEMPORAL_CLI_VERSION} into ${cliDir} (once; takes a few minutes)`);
  execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: cliDir },
  });
}

if (process.env.npm_lifecycle_event === 'pretest') {
  const { ensureVenv, venvs } = await import('./python-venvs.mjs');
  ensureVenv(venvs.testTools, say);
  ensureVenv(venvs.python, say);

  const s3Dir = path.join(cacheHome, 'hpsearch', `gofakes3-${GOFAKES3_VERSION}`);
  if (!process.env.GOFAKES3_PATH && !existsSync(path.join(s3Dir, 'gofakes3')) && hasGo) {
    say(`building gofakes3 v${GOFAKES3_VERSION} (the S3 server of the artifact store tests) into ${s3Dir} (once; seconds)`);
    execFileSync('go', ['install', `github.com/johannesboyne/gofakes3/cmd/gofakes3@v${GOFAKES3_VERSION}`], { stdio: 'inherit', env: { ...process.env, GOBIN: s3Dir } });
  }

  const { canInstallTestServer, installTestServer, testServerDir, testServerIsInstalled } = await import('./temporal-test-server.mjs');
  if (!process.env.TEMPORAL_TEST_SERVER_PATH && !testServerIsInstalled() && canInstallTestServer()) {
    say(`installing the Temporal time-skipping test server into ${testServerDir} (jars fetched once, with mvn)`);
    installTestServer();
  }
}
