import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsWithTool } from '../support/external-tool';
import { useEmbeddedService } from '../support/service-process';
import { testToolsBin } from '../support/test-tools';

const schemathesis = testToolsBin('schemathesis');

describe.runIf(runsWithTool('schemathesis', existsSync(schemathesis), 'REQUIRE_SCHEMATHESIS'))('the API against its own OpenAPI document (schemathesis)', () => {
  const embedded = useEmbeddedService('contract');

  it('finds no server error and no response that breaks the document, stateful links included', async () => {
    const { url } = await embedded.start({ RATE_LIMIT_PER_MINUTE: '1000000' });
    // which checks run, and why not all, is in the config file
    const args = ['--config-file', path.resolve('test/contract/schemathesis.toml'), 'run', `${url}/openapi.json`, '--phases', 'examples,coverage,fuzzing,stateful', '--max-examples', '60', '--workers', '2', '--seed', '1', '--max-time', '120'];
    // its cache and reports go in the test's own directory, not the working tree
    const child = spawn(schemathesis, args, { cwd: embedded.dataDir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    const cases = /(\d+) generated/.exec(output);
    console.log(`schemathesis: ${cases?.[1] ?? '?'} cases, exit ${code}\n${output.slice(output.indexOf('SUMMARY'))}`);
    // the failures, each line cut short: a generated value can run to kilobytes
    const failures = output.slice(output.indexOf('FAILURES'), output.indexOf('SUMMARY')).split('\n').map((line) => line.slice(0, 400));
    expect(code, failures.join('\n').slice(0, 20_000)).toBe(0);
    expect(Number(cases?.[1])).toBeGreaterThan(1_000);
  }, 420_000);
});
