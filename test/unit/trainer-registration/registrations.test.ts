import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetStaleRegistrations, liveTrainerRegistrations, openDatabase, registerTrainers, withdrawTrainers, type Database } from '../../../src/db/index';
import { announceTrainers } from '../../../src/trainer-registration/announce';
import { describeTrainer } from '../../../src/trainers/descriptor-schema';
import { syntheticTrainer } from '../../../src/trainers/synthetic/index';

const remote = { name: 'remote', description: 'a remote trainer', parameters: {}, acceptsExtraParameters: true, metrics: ['eval_accuracy'], staged: false, taskQueue: 'q.remote' };

describe('trainer registrations (PGlite)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteMemory: true });
  });
  afterAll(async () => {
    await database.close();
  });
  const liveOf = async (instance: string, liveForMs = 60_000) => (await liveTrainerRegistrations(database.db, liveForMs)).filter((r) => r.instance === instance);

  it('registering again refreshes last_seen_at and keeps registered_at; withdrawing removes only that instance', async () => {
    const a = { instance: 'a-1', worker: 'host-a:1' };
    const b = { instance: 'b-1', worker: 'host-b:1' };
    await registerTrainers(database.db, a, [remote, describeTrainer(syntheticTrainer, 'q')]);
    await registerTrainers(database.db, b, [remote]);
    const [first] = await liveOf(a.instance);
    await sleep(20);
    await registerTrainers(database.db, a, [remote, describeTrainer(syntheticTrainer, 'q')]);
    const again = await liveOf(a.instance);
    expect(again.map((r) => r.trainer).sort()).toEqual(['remote', 'synthetic']);
    const refreshed = again.find((r) => r.trainer === first!.trainer)!;
    expect(refreshed.registeredAt).toEqual(first!.registeredAt);
    expect(refreshed.lastSeenAt.getTime()).toBeGreaterThan(first!.lastSeenAt.getTime());
    expect(refreshed.descriptor).toEqual(first!.trainer === 'remote' ? remote : describeTrainer(syntheticTrainer, 'q'));

    await withdrawTrainers(database.db, a.instance);
    expect(await liveOf(a.instance)).toEqual([]);
    expect((await liveOf(b.instance)).map((r) => r.trainer)).toEqual(['remote']);
  });

  it('a registration unseen for longer than the TTL is not live, and stale rows are forgotten', async () => {
    const c = { instance: 'c-1', worker: 'host-c:1' };
    await registerTrainers(database.db, c, [remote]);
    expect(await liveOf(c.instance, 300)).toHaveLength(1);
    await sleep(400);
    expect(await liveOf(c.instance, 300)).toEqual([]);
    expect(await liveOf(c.instance, 60_000)).toHaveLength(1);
    await forgetStaleRegistrations(database.db, 300);
    expect(await liveOf(c.instance, 60_000)).toEqual([]);
  });

  it('an announcement heartbeats its registrations past the TTL and withdraws them when stopped', async () => {
    const announcement = await announceTrainers({ db: database.db, worker: 'host-d:1', trainers: [{ ...remote, name: 'announced' }], heartbeatMs: 50 });
    const live = async () => (await liveTrainerRegistrations(database.db, 300)).filter((r) => r.trainer === 'announced');
    await sleep(700);
    expect((await live()).map((r) => r.worker)).toEqual(['host-d:1']);
    await announcement.stop();
    expect(await live()).toEqual([]);
  });

  it('an announcement refuses a descriptor out of bounds, naming the field', async () => {
    await expect(announceTrainers({ db: database.db, worker: 'w', trainers: [{ ...remote, name: 'Not A Name' }] })).rejects.toThrow(/name/);
    await expect(announceTrainers({ db: database.db, worker: 'w', trainers: [{ ...remote, metrics: Array.from({ length: 65 }, (_, i) => `m${i}`) }] })).rejects.toThrow(/metrics/);
    expect((await liveTrainerRegistrations(database.db, 60_000)).filter((r) => r.worker === 'w')).toEqual([]);
  });
});
