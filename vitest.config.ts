import { configDefaults, defineConfig } from 'vitest/config';

/** One Temporal dev server for the run, for the projects whose files need one. */
const temporalDevServer = ['test/support/global-setup.ts'];

/** Files that hold the service to wall-clock bounds (event-loop delay, probe latency, cases in a time box): run alone, after the rest. */
const timingFiles = ['test/e2e/hostile-specs.test.ts', 'test/integration/trainer-hosts.test.ts', 'test/faults/trial-isolation.test.ts', 'test/contract/schemathesis.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // most files wait on Temporal, trainers and timers rather than the CPU: two at a time on CI's two cores
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      // pure code, PGlite in memory and MockActivityEnvironment: no server of any kind
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // time-skipping test server per file (test/support/time-skipping.ts)
      { extends: true, test: { name: 'workflows', include: ['test/workflows/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**', 'test/workflows/**', ...timingFiles],
          globalSetup: temporalDevServer,
        },
      },
      { extends: true, test: { name: 'timing', include: timingFiles, globalSetup: temporalDevServer, maxWorkers: 1 } },
    ],
  },
});
