import { existsSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testServerLauncher } from '../../scripts/temporal-test-server.mjs';

/**
 * Temporal's time-skipping test server, one per test file: the Java server from Maven Central that
 * scripts/temporal-test-server.mjs installs (`npm test` does), or TEMPORAL_TEST_SERVER_PATH.
 */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? testServerLauncher;
  if (!existsSync(path)) throw new Error(`no Temporal test server at ${path}: run \`node scripts/temporal-test-server.mjs\` (needs java and mvn)`);
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
