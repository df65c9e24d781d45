import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactStore, ArtifactTooLarge, InvalidArtifactKey } from '../../src/artifacts/index';
import { filesystemBackend } from '../../src/artifacts/fs-backend';
import type { ObjectBackend } from '../../src/artifacts/objects';
import { postgresBackend } from '../../src/artifacts/postgres-backend';
import { s3Backend } from '../../src/artifacts/s3-backend';
import type { Database } from '../../src/db/index';
import { runsWithTool, toolPresent } from '../support/external-tool';
import { createTestDatabase, databaseKinds } from '../support/databases';
import { s3ServerPath, startS3Server, type S3TestServer } from '../support/s3-server';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hpsearch-artifacts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under dir, relative path → contents. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) out[path.relative(dir, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name)).toString('base64');
  return out;
}

function directory(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(scratch, 'dir-'));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

const freshDir = () => path.join(mkdtempSync(path.join(scratch, 'get-')), 'out');
const limits = { maxBytes: 8 * 1024 * 1024, maxFiles: 20 };

interface Backend {
  name: string;
  open(): Promise<{ backend: ObjectBackend; close(): Promise<void> }>;
}

const s3Runs = runsWithTool(`gofakes3 (${s3ServerPath}, built by scripts/ensure-deps.mjs when Go is installed)`, toolPresent(s3ServerPath), 'REQUIRE_S3_TESTS');
let s3Server: S3TestServer | undefined;
afterAll(async () => s3Server?.stop());

const backends: Backend[] = [
  { name: 'fs', open: async () => ({ backend: filesystemBackend(mkdtempSync(path.join(scratch, 'fs-'))), close: async () => undefined }) },
  ...databaseKinds.map((kind) => ({
    name: `postgres (${kind})`,
    async open() {
      const database: Database = await createTestDatabase(kind);
      return { backend: postgresBackend(database.db), close: () => database.close() };
    },
  })),
  ...(s3Runs
    ? [
        {
          name: 's3 (gofakes3)',
          async open() {
            s3Server ??= await startS3Server();
            const backend = s3Backend({ bucket: s3Server.bucket, prefix: `run-${randomBytes(4).toString('hex')}/`, region: 'us-east-1', endpoint: s3Server.endpoint, forcePathStyle: true });
            return { backend, close: async () => backend.close() };
          },
        },
      ]
    : []),
];

describe.each(backends)('artifact store contract: $name', ({ open }) => {
  let store: ArtifactStore;
  let backend: ObjectBackend;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ backend, close } = await open());
    store = new ArtifactStore(backend, limits);
  });
  afterAll(async () => close());

  it('gives back the directory it was given, nested, empty and multi-chunk files included', async () => {
    const files = { 'config.json': '{"a":1}', 'weights/part-0.bin': randomBytes(3 * 1024 * 1024 + 17), 'weights/empty': '', '.hidden': 'x' };
    const source = directory(files);
    const stored = await store.putDirectory('models/example/k1', source);
    expect(stored).toMatchObject({ key: 'models/example/k1', files: 4, bytes: 3 * 1024 * 1024 + 17 + 7 + 1 });
    const target = freshDir();
    expect(await store.getDirectory('models/example/k1', target)).toBe(true);
    expect(contents(target)).toEqual(contents(source));
    expect(store.keyOf(store.uri('models/example/k1'))).toBe('models/example/k1');
  });

  it('answers false for a key it does not hold, and a put replaces the whole directory', async () => {
    expect(await store.getDirectory('models/example/nothing', freshDir())).toBe(false);
    await store.putDirectory('models/example/k2', directory({ a: '1', 'sub/b': '2' }));
    await store.putDirectory('models/example/k2', directory({ c: '3' }));
    const target = freshDir();
    await store.getDirectory('models/example/k2', target);
    expect(contents(target)).toEqual({ c: Buffer.from('3').toString('base64') });
  });

  it('lists and deletes by key and by prefix, a prefix being a string prefix of whole segments', async () => {
    for (const key of ['checkpoints/t1/checkpoint-1', 'checkpoints/t1/checkpoint-2', 'checkpoints/t10/checkpoint-1']) await store.putDirectory(key, directory({ state: key }));
    expect((await store.list('checkpoints/t1/')).map((a) => a.key).sort()).toEqual(['checkpoints/t1/checkpoint-1', 'checkpoints/t1/checkpoint-2']);
    await store.delete('checkpoints/t1/checkpoint-1');
    expect((await store.list('checkpoints/t1/')).map((a) => a.key)).toEqual(['checkpoints/t1/checkpoint-2']);
    await store.deletePrefix('checkpoints/t1/');
    expect(await store.list('checkpoints/t1/')).toEqual([]);
    expect((await store.list('checkpoints/')).map((a) => a.key)).toEqual(['checkpoints/t10/checkpoint-1']);
    expect(await backend.list('checkpoints/t1/')).toEqual([]);
  });

  it('deletes an artifact by its key and a slash, with the objects of a writer that died, and none of a key that only starts alike', async () => {
    for (const key of ['models/prefix/k', 'models/prefix/k/nested', 'models/prefix/kk']) await store.putDirectory(key, directory({ state: key }));
    await backend.putBytes('models/prefix/k/.files/orphan.bin', Buffer.from('a writer died here'));
    await store.deletePrefix('models/prefix/k/');
    expect(await backend.list('models/prefix/k/')).toEqual([]);
    expect(await store.getDirectory('models/prefix/k', freshDir())).toBe(false);
    expect((await store.list('models/prefix/')).map((a) => a.key)).toEqual(['models/prefix/kk']);
  });

  it('never shows a directory whose writer died before its manifest', async () => {
    await backend.putBytes('models/example/half/.files/weights.bin', Buffer.from('partial'));
    expect(await store.getDirectory('models/example/half', freshDir())).toBe(false);
    expect((await store.list('models/example/')).map((a) => a.key)).not.toContain('models/example/half');
  });

  it('refuses a directory over its limits and keeps what the key held', async () => {
    await store.putDirectory('models/example/k3', directory({ small: 'ok' }));
    await expect(store.putDirectory('models/example/k3', directory({ big: randomBytes(limits.maxBytes + 1) }))).rejects.toThrow(ArtifactTooLarge);
    const many = Object.fromEntries(Array.from({ length: limits.maxFiles + 1 }, (_, i) => [`f${i}`, '']));
    await expect(store.putDirectory('models/example/k3', directory(many))).rejects.toThrow(/more than 20 files/);
    const target = freshDir();
    await store.getDirectory('models/example/k3', target);
    expect(Object.keys(contents(target))).toEqual(['small']);
  });

  it('refuses keys that could climb out or clash with its own names, and symbolic links', async () => {
    for (const key of ['../x', 'a//b', 'a/.files', '', 'a/b/', '-x']) await expect(store.putDirectory(key, directory({ a: '1' }))).rejects.toThrow(InvalidArtifactKey);
    const dir = directory({ a: '1' });
    symlinkSync('/etc/passwd', path.join(dir, 'link'));
    await expect(store.putDirectory('models/example/link', dir)).rejects.toThrow(/symbolic links/);
    expect(() => store.keyOf('s3://elsewhere/models/x')).toThrow(/not in this worker's artifact store/);
  });
});

describe('filesystem artifact backend', () => {
  it('leaves no directories behind the artifacts it deleted', async () => {
    const root = mkdtempSync(path.join(scratch, 'fs-empty-'));
    const fsStore = new ArtifactStore(filesystemBackend(root), limits);
    await fsStore.putDirectory('checkpoints/trials/x/checkpoint-1', directory({ 'a/b/c': '1' }));
    await fsStore.deletePrefix('checkpoints/trials/x/');
    expect(readdirSync(root)).toEqual([]);
  });
});
