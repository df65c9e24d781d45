import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { childLogger } from '../observability/logger';
import { artifactKey, isKeySegment } from './keys';
import type { TrialContext } from '../trainers/types';
import type { ArtifactStore } from './store';

const exists = (file: string) => stat(file).then(() => true, () => false);

/**
 * A run's checkpoints in the artifact store, under one key prefix (the trial's, or the train key's): the
 * newest one a trainer reports is copied there, older ones removed, and a run on any worker finds it
 * restored into its local checkpoint directory. A copy that fails costs only that resume elsewhere: it is
 * logged, and the run goes on.
 */
export class CheckpointSync {
  private readonly log;
  private waiting: string | undefined;
  private copying: Promise<void> | undefined;

  constructor(
    private readonly store: ArtifactStore,
    private readonly scope: string,
    readonly dir: string,
  ) {
    artifactKey(scope);
    this.log = childLogger({ checkpoints: scope });
  }

  /** Restores the newest stored checkpoint into the directory unless it already has one by that name; returns its name. */
  async restore(): Promise<string | undefined> {
    const stored = (await this.store.list(`${this.scope}/`)).map((artifact) => ({ ...artifact, name: artifact.key.slice(this.scope.length + 1) }));
    const newest = stored.filter((artifact) => isKeySegment(artifact.name)).sort((a, b) => b.storedAt.getTime() - a.storedAt.getTime())[0];
    await mkdir(this.dir, { recursive: true });
    if (!newest) return undefined;
    const { name } = newest;
    const target = path.join(this.dir, name);
    if (await exists(target)) return name;
    const fetching = `${this.dir}.restoring-${randomBytes(4).toString('hex')}`;
    try {
      if (!(await this.store.getDirectory(newest.key, fetching))) return undefined;
      await rename(fetching, target);
    } finally {
      await rm(fetching, { recursive: true, force: true });
    }
    this.log.info({ checkpoint: name }, 'restored a checkpoint from the artifact store');
    return name;
  }

  /** Runs a trainer with the newest checkpoint restored, its reported checkpoints copied; resolves once the copies are done. */
  async around<T>(ctx: TrialContext, run: (ctx: TrialContext) => Promise<T>): Promise<T> {
    await this.restore();
    // cancelled while restoring: the trainer does not start
    ctx.signal.throwIfAborted();
    try {
      return await run({ ...ctx, checkpointSaved: (name) => this.saved(name) });
    } finally {
      await this.settled();
    }
  }

  /** The trainer reported a complete checkpoint `name` in the directory: copies it (after the copy in flight; a newer report replaces one still waiting). */
  saved(name: string): void {
    if (!isKeySegment(name)) {
      this.log.warn({ checkpoint: name.slice(0, 200) }, 'ignored a checkpoint whose name is not a plain directory name');
      return;
    }
    this.waiting = name;
    this.copying ??= this.copyWaiting();
  }

  /** Resolves once every reported checkpoint is copied (or its copy failed). */
  async settled(): Promise<void> {
    await this.copying;
  }

  /** Removes the stored checkpoints: the run's outcome is recorded and no retry will resume. A failure is logged: it leaves only garbage. */
  async discard(): Promise<void> {
    await this.settled();
    try {
      await this.store.deletePrefix(`${this.scope}/`);
    } catch (error) {
      this.log.warn({ error: (error as Error).message }, 'could not delete the stored checkpoints of a finished run');
    }
  }

  private async copyWaiting(): Promise<void> {
    while (this.waiting !== undefined) {
      const name = this.waiting;
      this.waiting = undefined;
      try {
        const key = `${this.scope}/${name}`;
        await this.store.putDirectory(key, path.join(this.dir, name));
        for (const older of await this.store.list(`${this.scope}/`)) if (older.key !== key) await this.store.delete(older.key);
      } catch (error) {
        this.log.warn({ checkpoint: name, error: (error as Error).message }, 'could not copy a checkpoint to the artifact store');
      }
    }
    this.copying = undefined;
  }
}
