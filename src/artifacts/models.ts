import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactStore } from './store';

const exists = (dir: string) => stat(dir).then(() => true, () => false);

/**
 * Local copies of stored models. A cache directory appears whole (renamed into place) or not at all,
 * so one that exists is a complete model.
 */
export async function cacheStoredModel(store: ArtifactStore, key: string, trainedDir: string, cacheDir: string): Promise<void> {
  await store.putDirectory(key, trainedDir);
  await mkdir(path.dirname(cacheDir), { recursive: true });
  await rm(cacheDir, { recursive: true, force: true });
  await rename(trainedDir, cacheDir);
}

/** Makes sure `cacheDir` holds the model stored at `uri`, fetching it when this worker has no copy. */
export async function localModel(store: ArtifactStore, uri: string, cacheDir: string): Promise<void> {
  if (await exists(cacheDir)) return;
  const key = store.keyOf(uri);
  const fetching = `${cacheDir}.fetching-${randomBytes(4).toString('hex')}`;
  try {
    if (!(await store.getDirectory(key, fetching))) throw new Error(`the trained model ${uri} is not in the artifact store`);
    await rename(fetching, cacheDir).catch(async (error: unknown) => {
      // another trial on this worker fetched it meanwhile: either copy is the model
      if (!(await exists(cacheDir))) throw error;
    });
  } finally {
    await rm(fetching, { recursive: true, force: true });
  }
}
