import { existsSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testServerLauncher } from '../../scripts/temporal-test-server.mjs';

/** The SDK waits 5 s for the server to listen, which a JVM on a loaded machine can miss. */
const START_TRIES = 3;

/**
 * Temporal's time-skipping test server, one per test file: the Java server from Maven Central that
 * scripts/temporal-test-server.mjs installs (`npm test` does), or TEMPORAL_TEST_SERVER_PATH.
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? testServerLauncher;
  if (!existsSync(path))
    throw new Error(`no Temporal test server at ${path}: run \`node scripts/temporal-test-server.mjs\` (needs java and mvn)`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    } catch (error) {
      if (attempt === START_TRIES || !/did not start within/.test(String(error))) throw error;
    }
  }
}
