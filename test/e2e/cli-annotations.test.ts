import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sixKnobGridSpec } from '../fixtures/specs';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { hpsearch } from '../support/cli';
import { useTestStack } from '../support/stack';

const quickSpec = (name: string) => ({ ...sixKnobGridSpec(), name, budget: { maxTrials: 2, truncateGrid: true, parallelism: 2 } });
/** Trials that run until they are cancelled. */
const slowSpec = (name: string) => ({ ...quickSpec(name), fixed: { ...sixKnobGridSpec().fixed, duration_ms: 600_000, steps: 10 } });

describe('hpsearch delete, notes, tag and archive', () => {
  const stack = useTestStack('pglite');
  let url: string;
  beforeAll(async () => {
    url = await stack().app!.listen({ port: 0, host: '127.0.0.1' });
  });
  const cli = (...args: string[]) => hpsearch(...args, '--url', url);

  it('sets, merges and removes tags, replaces notes, and shows both in status', async () => {
    const { id } = await postSearch(stack().app!, quickSpec('annotated'));
    const tagged = await cli('tag', id, 'model=llama-7b', 'stage=draft', 'url=http://x:1/');
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(tagged.stdout.trim()).toBe('model=llama-7b  stage=draft  url=http://x:1/');
    const removed = await cli('tag', id, 'owner=ml', '--remove', 'stage', 'url');
    expect(removed.stdout.trim()).toBe('model=llama-7b  owner=ml');
    expect((await cli('tag', id, '--json')).stdout).toBe(`${JSON.stringify({ model: 'llama-7b', owner: 'ml' }, null, 2)}\n`);

    const noted = await cli('notes', id, 'baseline for the 7B sweep');
    expect(noted.code, noted.stderr).toBe(0);
    expect((await cli('notes', id)).stdout.trim()).toBe('baseline for the 7B sweep');
    const status = await cli('status', id);
    expect(status.stdout).toMatch(/^tags +model=llama-7b {2}owner=ml$/m);
    expect(status.stdout).toMatch(/^notes +baseline for the 7B sweep$/m);
    expect((await getJson(stack().app!, `/v1/searches/${id}`)).tags).toEqual({ model: 'llama-7b', owner: 'ml' });

    await waitForSearch(stack().app!, id, ['succeeded']);
    const [trial] = await allTrials(stack().app!, id);
    expect((await cli('tag', trial.id, '--trial', 'verdict=best')).stdout.trim()).toBe('verdict=best');
    expect((await cli('notes', trial.id, '--trial', 'rerun with seed 4')).stdout.trim()).toBe('rerun with seed 4');
    expect(await getJson(stack().app!, `/v1/trials/${trial.id}`)).toMatchObject({ notes: 'rerun with seed 4', tags: { verdict: 'best' } });
  });

  it('exits 2 naming the field for tags the API rejects, and for arguments that are no key=value', async () => {
    const { id } = await postSearch(stack().app!, quickSpec('rejected'));
    const badKey = await cli('tag', id, 'bad key=x');
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('tags.bad key:');
    const notAPair = await cli('tag', id, 'novalue');
    expect(notAPair.code).toBe(2);
    expect(notAPair.stderr).toContain("'novalue' is not key=value");
    expect((await getJson(stack().app!, `/v1/searches/${id}`)).tags).toEqual({});
  });

  it('archives and unarchives a search, and lists searches by tag and archived ones', async () => {
    const { id } = await postSearch(stack().app!, quickSpec('archived'));
    const run = randomUUID().slice(0, 8);
    await cli('tag', id, `run=${run}`, 'kind=archived');
    const listedByCli = async (...flags: string[]) => JSON.parse((await cli('list', '--json', '--tag', `run=${run}`, ...flags)).stdout).map((s: { id: string }) => s.id);
    expect(await listedByCli('--tag', 'kind=archived')).toEqual([id]);
    expect(await listedByCli('--tag', 'kind=other')).toEqual([]);
    const archived = await cli('archive', id);
    expect(archived.code, archived.stderr).toBe(0);
    expect(archived.stdout.trim()).toBe(`search ${id} archived`);
    const listed = async (query: string) => (await getJson(stack().app!, `/v1/searches?limit=200${query}`)).items.map((s: { id: string }) => s.id);
    expect(await listed('')).not.toContain(id);
    expect(await listed('&archived=true')).toContain(id);
    expect(await listedByCli()).toEqual([]);
    expect(await listedByCli('--archived')).toEqual([id]);
    expect((await cli('archive', id, '--unarchive')).stdout.trim()).toBe(`search ${id} no longer archived`);
    expect(await listed('')).toContain(id);
  });

  it('deletes a finished search, refuses a running one without --force (exit 2) and deletes it with --force', async () => {
    const finished = await postSearch(stack().app!, quickSpec('finished'));
    await waitForSearch(stack().app!, finished.id, ['succeeded']);
    const deleted = await cli('delete', finished.id);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout.trim()).toBe(`deleted search ${finished.id}`);
    const gone = await cli('status', finished.id);
    expect(gone.code).toBe(2);
    expect((await cli('delete', finished.id)).code).toBe(2);

    const running = await postSearch(stack().app!, slowSpec('running'));
    await waitForSearch(stack().app!, running.id, ['running']);
    const refused = await cli('delete', running.id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('force: set force=true');
    expect((await getJson(stack().app!, `/v1/searches/${running.id}`)).status).toBe('running');
    const forced = await cli('delete', running.id, '--force', '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ id: running.id, deleted: true });
    expect((await stack().app!.inject({ method: 'GET', url: `/v1/searches/${running.id}` })).statusCode).toBe(404);
  });
});
