import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runsWithTool } from '../support/external-tool';
import { freePort, spawnService, type ServiceProcess } from '../support/service-process';
import { testToolsBin } from '../support/test-tools';

const schemathesis = testToolsBin('schemathesis');

/**
 * Every check but positive_data_acceptance: a schema-valid spec can still be refused for what JSON Schema
 * cannot say (low < high, a metric the trainer reports, a grid larger than its budget); those refusals
 * are 400 problems naming the field, which the other checks verify.
 */
const checks = ['--checks', 'all', '--exclude-checks', 'positive_data_acceptance'];

describe.runIf(runsWithTool('schemathesis', existsSync(schemathesis), 'REQUIRE_SCHEMATHESIS'))('the API against its own OpenAPI document (schemathesis)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-contract-'));
  let service: ServiceProcess | undefined;
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds no server error and no response that breaks the document, stateful links included', async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), TEMPORAL_UI_PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' };
    service = await spawnService(['start'], env, (out) => out.includes('api: http'));
    const args = ['run', `http://127.0.0.1:${port}/openapi.json`, ...checks, '--phases', 'examples,coverage,fuzzing,stateful', '--max-examples', '60', '--workers', '2', '--seed', '1', '--max-time', '150'];
    // its cache and reports go in the test's own directory, not the working tree
    const child = spawn(schemathesis, args, { cwd: dataDir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    const cases = /(\d+) generated/.exec(output);
    console.log(`schemathesis: ${cases?.[1] ?? '?'} cases, exit ${code}\n${output.slice(output.indexOf('SUMMARY'))}`);
    expect(code, output.slice(-6_000)).toBe(0);
    expect(Number(cases?.[1])).toBeGreaterThan(1_000);
  }, 420_000);
});
