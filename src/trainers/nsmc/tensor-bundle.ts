import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';

/**
 * Named typed arrays in one binary file, described by a JSON manifest (`<name>.json`) that also carries
 * caller metadata. Both files are written to a temporary name and renamed, the manifest last, so a
 * crash at any point leaves the previous bundle or the new one, never a mix.
 */
export type BundleArray = Float32Array | Int32Array;
export type BundleArrays = Record<string, BundleArray>;

interface ArrayEntry {
  name: string;
  type: 'float32' | 'int32';
  offset: number;
  length: number;
}

interface Manifest<M> {
  format: 'hpsearch-tensor-bundle/1';
  littleEndian: true;
  dataFile: string;
  arrays: ArrayEntry[];
  meta: M;
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A data file of the bundle `name`, or a temporary file of one of its writes. */
function isBundleFile(name: string, file: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}\\.(${uuid}\\.bin(\\.${uuid}\\.tmp)?|json\\.${uuid}\\.tmp)$`).test(file);
}

/** Writes a file under a temporary name, syncs it and renames it into place. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

export async function writeBundle<M>(dir: string, name: string, meta: M, arrays: BundleArrays): Promise<void> {
  if (endianness() !== 'LE') throw new Error('tensor bundles are little-endian; this host is big-endian');
  await mkdir(dir, { recursive: true });
  const manifestFile = path.join(dir, `${name}.json`);
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [arrayName, array] of Object.entries(arrays)) {
    entries.push({ name: arrayName, type: array instanceof Float32Array ? 'float32' : 'int32', offset, length: array.length });
    offset += array.byteLength;
  }
  const data = Buffer.allocUnsafe(offset);
  for (const [i, array] of Object.values(arrays).entries()) {
    data.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), (entries[i] as ArrayEntry).offset);
  }
  const dataFile = `${name}.${randomUUID()}.bin`;
  await writeAtomically(path.join(dir, dataFile), data);
  const manifest: Manifest<M> = { format: 'hpsearch-tensor-bundle/1', littleEndian: true, dataFile, arrays: entries, meta };
  await writeAtomically(manifestFile, JSON.stringify(manifest));
  // The previous data file, and any file left by a write that crashed, are no longer referenced.
  for (const file of await readdir(dir)) {
    if (file !== dataFile && isBundleFile(name, file)) await rm(path.join(dir, file), { force: true });
  }
}

/** The bundle `name` in dir, or undefined when it has never been written. */
export async function readBundle<M>(dir: string, name: string): Promise<{ meta: M; arrays: BundleArrays } | undefined> {
  const manifest = await readManifest<M>(path.join(dir, `${name}.json`));
  if (!manifest) return undefined;
  const data = await readFile(path.join(dir, manifest.dataFile));
  const arrays: BundleArrays = {};
  for (const entry of manifest.arrays) {
    const bytes = data.subarray(entry.offset, entry.offset + entry.length * 4);
    // Copy into a fresh, aligned buffer: the file buffer may be pooled and unaligned.
    const copy = new Uint8Array(bytes).buffer;
    arrays[entry.name] = entry.type === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
  }
  return { meta: manifest.meta, arrays };
}

/** Only the metadata of the bundle `name` in dir, or undefined when it has never been written. */
export async function readBundleMeta<M>(dir: string, name: string): Promise<M | undefined> {
  return (await readManifest<M>(path.join(dir, `${name}.json`)))?.meta;
}

async function readManifest<M>(file: string): Promise<Manifest<M> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest<M>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
