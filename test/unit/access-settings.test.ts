import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/api/auth';
import { parseAllowedHosts } from '../../src/api/hosts';
import { ConfigError, loadConfig } from '../../src/config';

describe('access settings', () => {
  it('READS_REQUIRE_KEY and ADMIN_KEY_NAMES need API_KEYS; READS_REQUIRE_KEY reads as a boolean', () => {
    expect(() => loadConfig({ READS_REQUIRE_KEY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ READS_REQUIRE_KEY: 'true' })).toThrow(/READS_REQUIRE_KEY/);
    expect(() => loadConfig({ ADMIN_KEY_NAMES: 'root' })).toThrow(/ADMIN_KEY_NAMES/);
    expect(() => loadConfig({ READS_REQUIRE_KEY: 'sometimes' })).toThrow(/READS_REQUIRE_KEY/);
    const keys = `alice:${hashApiKey('a')}`;
    expect(loadConfig({ API_KEYS: keys, READS_REQUIRE_KEY: 'false' }).READS_REQUIRE_KEY).toBe(false);
    expect(loadConfig({ API_KEYS: keys }).READS_REQUIRE_KEY).toBeUndefined();
  });

  it('ALLOWED_HOSTS takes host names and bracketed IPv6 addresses, * for any, and names a bad entry', () => {
    expect(parseAllowedHosts('Example.com, 10.0.0.1,[::1]')).toEqual(['example.com', '10.0.0.1', '[::1]']);
    expect(parseAllowedHosts('*')).toBeUndefined();
    expect(() => parseAllowedHosts('example.com:8080')).toThrow(/example\.com:8080/);
    expect(() => parseAllowedHosts('exa mple.com')).toThrow(/exa mple/);
  });
});
