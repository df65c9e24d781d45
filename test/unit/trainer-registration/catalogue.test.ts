import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, registerTrainers, type Database } from '../../../src/db/index';
import { resolveSpec } from '../../../src/search-spec/resolve';
import { searchSpecSchema } from '../../../src/search-spec/search-spec';
import { catalogueOf, createTrainerCatalogue } from '../../../src/trainer-registration/catalogue';
import type { RegisteredTrainer } from '../../../src/trainers/descriptor-schema';
import { builtInTrainers } from '../../../src/trainers/registry';
import { isBuiltInTrainer, servesTrainer, trialTaskQueueOf } from '../../../src/trainers/routing';

const lora = (overrides: Partial<RegisteredTrainer> = {}): RegisteredTrainer => ({
  name: 'lora',
  description: 'LoRA fine-tune',
  parameters: { learning_rate: { stage: 'train', description: 'peak learning rate', bounds: { min: 0, max: 1, integer: false } } },
  acceptsExtraParameters: false,
  metrics: ['eval_accuracy'],
  staged: false,
  taskQueue: 'trials.lora',
  ...overrides,
});

const specFor = (trainer: string) =>
  searchSpecSchema.parse({
    objective: { metric: 'eval_accuracy', goal: 'maximize' },
    algorithm: 'random',
    budget: { maxTrials: 2 },
    trainer: { name: trainer },
    space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true } },
  });

describe('the routing rule', () => {
  it('keeps built-ins on the trial queue, a trainer with its own queue on it, any other on <trial queue>.<name>', () => {
    expect(isBuiltInTrainer('synthetic') && isBuiltInTrainer('nsmc') && !isBuiltInTrainer('lora')).toBe(true);
    expect(trialTaskQueueOf({ name: 'synthetic' }, 'hpsearch-trials')).toBe('hpsearch-trials');
    expect(trialTaskQueueOf({ name: 'lora' }, 'hpsearch-trials')).toBe('hpsearch-trials.lora');
    expect(trialTaskQueueOf({ name: 'lora', taskQueue: 'hpsearch-gpu' }, 'hpsearch-trials')).toBe('hpsearch-gpu');
  });

  it('leaves a trainer that names another queue to the workers of that queue', () => {
    expect(servesTrainer({}, 'hpsearch-trials')).toBe(true);
    expect(servesTrainer({ taskQueue: 'hpsearch-gpu' }, 'hpsearch-gpu')).toBe(true);
    expect(servesTrainer({ taskQueue: 'hpsearch-gpu' }, 'hpsearch-trials')).toBe(false);
  });
});

describe('catalogueOf', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const later = (s: number) => new Date(t0.getTime() + s * 1000);

  it('offers built-ins without workers, and a registered trainer with every live worker that runs it', () => {
    const synthetic = { ...lora({ name: 'synthetic', taskQueue: 'trials' }) };
    const entries = catalogueOf([synthetic], [
      { worker: 'a:1', registeredAt: t0, lastSeenAt: later(5), trainer: lora() },
      { worker: 'b:1', registeredAt: later(1), lastSeenAt: later(5), trainer: lora() },
    ]);
    expect(entries.map((e) => [e.trainer.name, e.builtIn, e.workers.map((w) => w.worker)])).toEqual([
      ['lora', false, ['b:1', 'a:1']],
      ['synthetic', true, []],
    ]);
    expect(entries[0]!.workers.every((w) => w.matchesOffered)).toBe(true);
  });

  it('of two workers offering one name with different descriptors, the newest registration wins and both are listed', () => {
    const older = lora({ metrics: ['eval_accuracy'] });
    const newer = lora({ metrics: ['eval_f1'], taskQueue: 'gpu' });
    const [entry] = catalogueOf([], [
      { worker: 'old:1', registeredAt: t0, lastSeenAt: later(9), trainer: older },
      { worker: 'new:1', registeredAt: later(3), lastSeenAt: later(8), trainer: newer },
    ]);
    expect(entry!.trainer).toEqual(newer);
    expect(entry!.workers.map((w) => [w.worker, w.taskQueue, w.matchesOffered])).toEqual([
      ['new:1', 'gpu', true],
      ['old:1', 'trials.lora', false],
    ]);
  });

  it('describes a built-in by its own code, whatever a worker registers under its name', () => {
    const builtIn = lora({ name: 'synthetic', taskQueue: 'trials' });
    const [entry] = catalogueOf([builtIn], [{ worker: 'odd:1', registeredAt: later(1), lastSeenAt: later(1), trainer: lora({ name: 'synthetic', metrics: ['other'], taskQueue: 'trials' }) }]);
    expect(entry!.trainer).toEqual(builtIn);
    expect(entry!.workers[0]!.matchesOffered).toBe(false);
  });
});

describe('the trainer catalogue over the database (PGlite)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteMemory: true });
  });
  afterAll(async () => {
    await database.close();
  });

  it('offers what live workers registered without a restart; a spec naming another trainer names trainer.name and what is offered', async () => {
    const catalogue = createTrainerCatalogue({ db: database.db, builtIns: builtInTrainers(), trialTaskQueue: 'trials', cacheMs: 0 });
    expect([...(await catalogue.offered()).keys()].sort()).toEqual(['nsmc', 'synthetic']);
    expect((await catalogue.offered()).get('nsmc')).toMatchObject({ staged: true, taskQueue: 'trials' });
    const rejected = resolveSpec(specFor('lora'), await catalogue.offered());
    expect(rejected).toEqual({ ok: false, issues: [{ path: ['trainer', 'name'], message: "unknown trainer 'lora': no live worker offers it; offered now: nsmc, synthetic" }] });

    await registerTrainers(database.db, { instance: 'i-1', worker: 'gpu-host:7' }, [lora()]);
    const offered = await catalogue.offered();
    expect(offered.get('lora')).toEqual(lora());
    expect(resolveSpec(specFor('lora'), offered).ok).toBe(true);
    const listed = (await catalogue.list()).find((e) => e.trainer.name === 'lora')!;
    expect(listed.workers.map((w) => w.worker)).toEqual(['gpu-host:7']);
  });

  it('leaves out a registration that does not parse as a descriptor', async () => {
    const catalogue = createTrainerCatalogue({ db: database.db, builtIns: [], trialTaskQueue: 'trials', cacheMs: 0 });
    await registerTrainers(database.db, { instance: 'i-2', worker: 'bad:1' }, [{ name: 'broken', description: 42 } as unknown as RegisteredTrainer]);
    await registerTrainers(database.db, { instance: 'i-3', worker: 'big:1' }, [lora({ name: 'huge', description: 'x'.repeat(3_000) })]);
    const names = (await catalogue.list()).map((e) => e.trainer.name);
    expect(names).toContain('lora');
    expect(names).not.toContain('broken');
    expect(names).not.toContain('huge');
  });

  it('reads the registrations at most once per cacheMs', async () => {
    const catalogue = createTrainerCatalogue({ db: database.db, builtIns: [], trialTaskQueue: 'trials', cacheMs: 300 });
    expect((await catalogue.offered()).has('cached')).toBe(false);
    await registerTrainers(database.db, { instance: 'i-4', worker: 'c:1' }, [lora({ name: 'cached' })]);
    expect((await catalogue.offered()).has('cached')).toBe(false);
    await sleep(350);
    expect((await catalogue.offered()).has('cached')).toBe(true);
  });
});
