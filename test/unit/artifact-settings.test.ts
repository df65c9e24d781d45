import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactSettings } from '../../src/artifacts/index';
import { ConfigError, loadConfig } from '../../src/config';

describe('artifact store settings', () => {
  it('default to the filesystem store in DATA_DIR/artifacts, 2 GiB per artifact', () => {
    expect(artifactSettings(loadConfig({ DATA_DIR: '/srv/hp' }))).toEqual({ kind: 'fs', dir: '/srv/hp/artifacts', maxBytes: 2 * 1024 ** 3 });
    expect(artifactSettings(loadConfig({ ARTIFACT_DIR: 'shared/artifacts' }))).toMatchObject({ kind: 'fs', dir: path.resolve('shared/artifacts') });
  });

  it('take S3 with a bucket only, and name the field at fault', () => {
    expect(() => loadConfig({ ARTIFACT_STORE: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig({ ARTIFACT_STORE: 's3' })).toThrow(/ARTIFACT_S3_BUCKET/);
    expect(() => loadConfig({ ARTIFACT_STORE: 'nfs' })).toThrow(/ARTIFACT_STORE/);
    expect(() => loadConfig({ ARTIFACT_STORE: 's3', ARTIFACT_S3_BUCKET: 'Bad_Bucket' })).toThrow(/ARTIFACT_S3_BUCKET/);
    expect(() => loadConfig({ ARTIFACT_STORE: 's3', ARTIFACT_S3_BUCKET: 'models', ARTIFACT_S3_PREFIX: '../up/' })).toThrow(/ARTIFACT_S3_PREFIX/);
    expect(artifactSettings(loadConfig({ ARTIFACT_STORE: 's3', ARTIFACT_S3_BUCKET: 'models', ARTIFACT_S3_PREFIX: 'hp/', ARTIFACT_S3_ENDPOINT: 'http://127.0.0.1:9000', ARTIFACT_S3_FORCE_PATH_STYLE: 'true' }))).toEqual({
      kind: 's3', maxBytes: 2 * 1024 ** 3, bucket: 'models', prefix: 'hp/', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true,
    });
  });

  it('bound ARTIFACT_MAX_BYTES to 1 KiB … 5 GiB', () => {
    expect(artifactSettings(loadConfig({ ARTIFACT_STORE: 'postgres', ARTIFACT_MAX_BYTES: '1048576' }))).toEqual({ kind: 'postgres', maxBytes: 1_048_576 });
    expect(() => loadConfig({ ARTIFACT_MAX_BYTES: String(5 * 1024 ** 3 + 1) })).toThrow(/ARTIFACT_MAX_BYTES/);
    expect(() => loadConfig({ ARTIFACT_MAX_BYTES: '10' })).toThrow(/ARTIFACT_MAX_BYTES/);
  });
});
