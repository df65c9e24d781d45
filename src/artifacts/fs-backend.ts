import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ObjectBackend } from './objects';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
/** A file being written: `<name>.<12 hex digits>.partial` until it is renamed. */
const isPartial = (file: string) => /\.[0-9a-f]{12}\.partial$/.test(file);

/** Removes `dir` and its parents below `root` while they are empty, so deleted artifacts leave no directories behind. */
async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current.startsWith(`${root}${path.sep}`); current = path.dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty, or gone
    }
  }
}

/** Objects as files under `root` (a local disk, or a mount every worker shares), each written to a temporary name and renamed. */
export function filesystemBackend(root: string): ObjectBackend {
  const fileOf = (name: string) => path.join(root, ...name.split('/'));
  const replace = async (name: string, write: (temporary: string) => Promise<void>) => {
    const target = fileOf(name);
    for (let attempt = 1; ; attempt++) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await write(temporary);
        await rename(temporary, target);
        return;
      } catch (error) {
        await rm(temporary, { force: true });
        // a deletion next door removed the directory as it emptied: make it again, once
        if (attempt > 1 || !isMissing(error)) throw error;
      }
    }
  };
  const walk = async (dir: string, prefix: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)));
    const names: string[] = [];
    for (const entry of entries) {
      const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) names.push(...(await walk(path.join(dir, entry.name), name)));
      else if (entry.isFile() && !isPartial(entry.name)) names.push(name);
    }
    return names;
  };
  return {
    uriPrefix: `${pathToFileURL(root).href}/`,
    putFile: (name, file) => replace(name, (temporary) => copyFile(file, temporary)),
    putBytes: (name, bytes) => replace(name, (temporary) => writeFile(temporary, bytes)),
    async getFile(name, file) {
      try {
        await copyFile(fileOf(name), file);
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    getBytes: (name) => readFile(fileOf(name)).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error))),
    async list(prefix) {
      // walk only the deepest directory the prefix names whole
      const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const names = await walk(dir === '' ? root : fileOf(dir), dir);
      return names.filter((name) => name.startsWith(prefix));
    },
    async delete(names) {
      for (const name of names) {
        await rm(fileOf(name), { force: true });
        await removeEmptyParents(root, path.dirname(fileOf(name)));
      }
    },
  };
}
