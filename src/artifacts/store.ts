import { lstat, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { artifactKey, isArtifactKey, isRelativeFilePath } from './keys';
import type { ObjectBackend } from './objects';

export interface ArtifactLimits {
  /** ARTIFACT_MAX_BYTES: the most bytes one artifact (all its files) may hold. */
  maxBytes: number;
  /** Files one artifact may hold. */
  maxFiles: number;
}

/** What the store holds under a key. */
export interface StoredArtifact {
  key: string;
  bytes: number;
  files: number;
  storedAt: Date;
}

export class ArtifactTooLarge extends Error {
  override name = 'ArtifactTooLarge';
}

const manifestSchema = z.strictObject({
  storedAt: z.iso.datetime(),
  files: z.array(z.strictObject({ path: z.string().refine(isRelativeFilePath, 'not a relative file path'), bytes: z.int().min(0) })),
});
type Manifest = z.infer<typeof manifestSchema>;

// written last and removed first: an artifact exists exactly while its manifest does
const manifestName = (key: string) => `${key}/.manifest`;
const filesPrefix = (key: string) => `${key}/.files/`;
const isManifest = (name: string) => name.endsWith('/.manifest') && !name.includes('/.files/');

/** A prefix of keys: a key, or a key and a slash. */
const keyPrefix = (prefix: string) => (prefix.endsWith('/') ? `${artifactKey(prefix.slice(0, -1))}/` : artifactKey(prefix));

/**
 * Directories stored by key, on any object backend: a directory's files become objects under the key,
 * with a manifest written after them, so a reader sees a whole directory or none (a writer that dies
 * half way leaves no artifact). Sizes are bounded by `limits`.
 */
export class ArtifactStore {
  constructor(
    private readonly backend: ObjectBackend,
    readonly limits: ArtifactLimits,
  ) {}

  uri(key: string): string {
    return `${this.backend.uriPrefix}${artifactKey(key)}`;
  }

  /** The key of one of this store's URIs; throws for a URI of another store. */
  keyOf(uri: string): string {
    if (!uri.startsWith(this.backend.uriPrefix)) throw new Error(`artifact ${uri} is not in this worker's artifact store (${this.backend.uriPrefix}…): the workers' ARTIFACT_STORE settings differ`);
    return artifactKey(uri.slice(this.backend.uriPrefix.length));
  }

  /** Stores the directory's files under `key`, replacing what the key held. */
  async putDirectory(key: string, dir: string): Promise<StoredArtifact> {
    artifactKey(key);
    const files = await this.filesOf(key, dir);
    await this.delete(key);
    for (const file of files) await this.backend.putFile(`${filesPrefix(key)}${file.path}`, path.join(dir, ...file.path.split('/')));
    const manifest: Manifest = { storedAt: new Date().toISOString(), files };
    await this.backend.putBytes(manifestName(key), Buffer.from(JSON.stringify(manifest)));
    return summary(key, manifest);
  }

  /** Writes the artifact's files into `dir` (created); false when the key holds no artifact. */
  async getDirectory(key: string, dir: string): Promise<boolean> {
    const manifest = await this.manifest(artifactKey(key));
    if (!manifest) return false;
    await mkdir(dir, { recursive: true });
    for (const file of manifest.files) {
      const target = path.join(dir, ...file.path.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      const found = await this.backend.getFile(`${filesPrefix(key)}${file.path}`, target);
      if (!found || (await stat(target)).size !== file.bytes) throw new Error(`artifact ${key} is damaged: ${file.path} is ${found ? 'not the size stored' : 'missing'}`);
    }
    return true;
  }

  /** The artifacts whose keys start with `prefix`. */
  async list(prefix: string): Promise<StoredArtifact[]> {
    const names = (await this.backend.list(keyPrefix(prefix))).filter(isManifest);
    const found: StoredArtifact[] = [];
    for (const name of names) {
      const key = name.slice(0, -'/.manifest'.length);
      // the backend's names are input too: one that is no key of this store's is not an artifact
      if (!isArtifactKey(key)) continue;
      const manifest = await this.manifest(key);
      if (manifest) found.push(summary(key, manifest));
    }
    return found;
  }

  async delete(key: string): Promise<void> {
    await this.backend.delete([manifestName(artifactKey(key))]);
    await this.backend.delete(await this.backend.list(filesPrefix(key)));
  }

  /** Deletes every artifact whose key starts with `prefix`. */
  async deletePrefix(prefix: string): Promise<void> {
    const names = await this.backend.list(keyPrefix(prefix));
    await this.backend.delete(names.filter(isManifest));
    await this.backend.delete(names.filter((name) => !isManifest(name)));
  }

  private async manifest(key: string): Promise<Manifest | undefined> {
    const bytes = await this.backend.getBytes(manifestName(key));
    if (!bytes) return undefined;
    const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) throw new Error(`artifact ${key} has a damaged manifest: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  /** The directory's regular files, relative, `/`-separated, within the limits. */
  private async filesOf(key: string, dir: string): Promise<Manifest['files']> {
    const files: Manifest['files'] = [];
    let bytes = 0;
    const walk = async (relative: string) => {
      for (const entry of await readdir(path.join(dir, relative), { withFileTypes: true })) {
        const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) await walk(name);
        else if (entry.isFile()) {
          const { size } = await lstat(path.join(dir, name));
          bytes += size;
          files.push({ path: name, bytes: size });
          if (files.length > this.limits.maxFiles) throw new ArtifactTooLarge(`artifact ${key}: ${dir} holds more than ${this.limits.maxFiles} files`);
          if (bytes > this.limits.maxBytes) throw new ArtifactTooLarge(`artifact ${key}: ${dir} holds more than ${this.limits.maxBytes} bytes (ARTIFACT_MAX_BYTES)`);
        } else throw new Error(`artifact ${key}: ${path.join(dir, name)} is not a regular file or directory (symbolic links are not stored)`);
        if (!isRelativeFilePath(name)) throw new Error(`artifact ${key}: ${name} cannot be stored as a file path`);
      }
    };
    await walk('');
    return files;
  }
}

const summary = (key: string, manifest: Manifest): StoredArtifact => ({
  key,
  files: manifest.files.length,
  bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
  storedAt: new Date(manifest.storedAt),
});
