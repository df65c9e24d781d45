#!/usr/bin/env node
// The time-skipping test server for workflow tests: the Java one from Maven Central (the SDK's own download needs
// a host CI cannot reach), fetched with mvn into the cache with a launcher the SDK starts as `<launcher> <port>`.
// Run directly it installs and prints the launcher's path; `npm test` runs it through ensure-deps.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
export const testServerDir = path.join(cacheHome, 'hpsearch', `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
export const testServerLauncher = path.join(testServerDir, 'temporal-test-server');

const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>hpsearch</groupId><artifactId>temporal-test-server-fetch</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${TEMPORAL_TEST_SERVER_VERSION}</version></dependency>
  </dependencies>
</project>
`;

const launcher = `#!/bin/sh
# started by @temporalio/testing as: temporal-test-server <port>
# the SDK gives it 5 s to listen: start the JVM for a quick start rather than peak speed
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"
`;

export const canInstallTestServer = () =>
  spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0 && spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status === 0;

const serverJar = path.join(testServerDir, 'lib', `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`);

/** Whether the jars and the current launcher are in the cache. */
export const testServerIsInstalled = () =>
  existsSync(serverJar) && existsSync(testServerLauncher) && readFileSync(testServerLauncher, 'utf8') === launcher;

/** Fetches the server's jars with mvn (once) and writes the launcher; returns the launcher's path. */
export function installTestServer() {
  if (testServerIsInstalled()) return testServerLauncher;
  if (!existsSync(serverJar)) {
    mkdirSync(testServerDir, { recursive: true });
    writeFileSync(path.join(testServerDir, 'pom.xml'), pom);
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        path.join(testServerDir, 'pom.xml'),
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(testServerDir, 'lib')}`,
      ],
      { stdio: 'inherit' },
    );
  }
  // written under a temporary name and renamed: an interrupted install leaves no half-written launcher
  writeFileSync(`${testServerLauncher}.tmp`, launcher);
  chmodSync(`${testServerLauncher}.tmp`, 0o755);
  renameSync(`${testServerLauncher}.tmp`, testServerLauncher);
  return testServerLauncher;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(installTestServer());
