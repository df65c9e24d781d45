import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runsWithTool, toolPresent } from '../support/external-tool';

const run = promisify(execFile);

describe.runIf(runsWithTool('docker-compose', toolPresent('docker-compose', ['version']), 'REQUIRE_COMPOSE_CHECK'))('docker/compose.yaml', () => {
  it('is a valid compose file (docker-compose config -q), every profile included', async () => {
    const { stdout, stderr } = await run('docker-compose', ['-f', 'docker/compose.yaml', '--profile', 'monitoring', 'config', '-q']);
    expect(stdout + stderr).toBe('');
  });
});
