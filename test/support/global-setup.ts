import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/temporal/dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

/** One Temporal dev server for the whole run; test files keep apart by task queue and search ids. */
export default async function setup(project: TestProject) {
  const { env, source } = await startDevServer({ cliPath: process.env.TEMPORAL_CLI_PATH, namespace: 'default' });
  console.log(`temporal dev server for tests: ${source} at ${env.address}`);
  project.provide('temporalAddress', env.address);
  return async () => {
    await env.teardown();
  };
}
