import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFinalSearch } from '../../src/status';
import { processesWithEnvMarker } from '../support/processes';
import { useEmbeddedService } from '../support/service-process';
import { until } from '../support/until';

const randomSearch = (seed: number, trainer: string, maxTrials: number, high: number, fixed: object) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed,
  budget: { maxTrials, parallelism: 2 },
  trainer: { name: trainer },
  space: { learning_rate: { type: 'float', low: 1e-5, high, log: true } },
  fixed,
});
const synthetic = (seed: number) => randomSearch(seed, 'synthetic', 3, 1e-3, { duration_ms: 100, steps: 2 });
/** A command trainer whose trials run long enough to be cancelled, each with a child process of its own. */
const command = (seed: number) => randomSearch(seed, 'example', 2, 1e-2, { num_train_epochs: 1, steps_per_epoch: 4, sleep_seconds: 0.4, dataloader_workers: 1 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes started for trials of this service (they inherit HPSEARCH_PARAMS_FILE under its data directory). */
const trainerProcesses = (dataDir: string) => processesWithEnvMarker(`HPSEARCH_PARAMS_FILE=${dataDir}`);

describe('chaos: bursts of creates, cancels and resumes, then a kill -9 and a restart', () => {
  const embedded = useEmbeddedService('chaos');
  const { dataDir } = embedded;

  it('ends every search as its last accepted command says, each ordinal once, none stuck, no orphan process', async () => {
    const trainersFile = path.join(dataDir, 'trainers.json');
    writeFileSync(
      trainersFile,
      JSON.stringify({
        trainers: [
          {
            name: 'example',
            description: 'example command trainer',
            command: ['python3', path.resolve('examples/command-trainer/train.py')],
            parameters: Object.fromEntries(['learning_rate', 'num_train_epochs', 'steps_per_epoch', 'sleep_seconds', 'dataloader_workers'].map((p) => [p, { stage: 'train', description: p }])),
            metrics: ['eval_accuracy', 'eval_loss'],
            killGraceMs: 1_000,
          },
        ],
      }),
    );
    const env = { RATE_LIMIT_PER_MINUTE: '1000000', TRAINERS_FILE: trainersFile, TRIAL_HEARTBEAT_TIMEOUT_MS: '3000' };
    const { service, port } = await embedded.start(env);
    const call = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${route}`, {
        method,
        headers: method === 'GET' ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    /** Creates a search, retrying a 503 with the same Idempotency-Key as a careful client does. */
    const create = async (spec: unknown, key: string) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await call('POST', '/v1/searches', spec, { 'idempotency-key': key });
        if (answer.status !== 503 || attempt === 10) return answer;
        await sleep(200 * (attempt + 1));
      }
    };
    const expected = new Map<string, 'cancelled' | 'succeeded'>();
    const counts = { creates: 0, retriedCreates: 0, cancels: 0, resumes: 0 };

    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => create(synthetic(i), `burst-${i}`)));
    for (const answer of burst) {
      expect([200, 201], JSON.stringify(answer.body)).toContain(answer.status);
      expected.set(answer.body.id, 'succeeded');
    }
    counts.creates += burst.length;
    counts.retriedCreates += burst.filter((a) => a.status === 200).length;

    const pairs = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const created = await create(command(i), `pair-${i}`);
        expect(created.status).toBe(201);
        await sleep(Math.random() * 300);
        const cancel = await call('POST', `/v1/searches/${created.body.id}/cancel`);
        expect([202, 409], JSON.stringify(cancel.body)).toContain(cancel.status);
        expected.set(created.body.id, cancel.status === 202 ? 'cancelled' : 'succeeded');
        return created.body.id as string;
      }),
    );
    counts.creates += pairs.length;
    counts.cancels += pairs.length;
    let pairStatuses: string[] = [];
    const pairsEnded = async () => {
      pairStatuses = await Promise.all(pairs.map(async (id) => (await call('GET', `/v1/searches/${id}`)).body.status as string));
      return pairStatuses.every(isFinalSearch);
    };
    await until(pairsEnded, 180_000, 'the cancelled pairs to end').catch((error: Error) => {
      throw new Error(`${error.message}: ${pairStatuses.join(', ')}`);
    });

    // storms on the cancelled pairs: concurrent resumes (one wins), then on two thirds concurrent cancels
    const stormed = pairs.filter((id) => expected.get(id) === 'cancelled').slice(0, 15);
    await Promise.all(
      stormed.map(async (id, i) => {
        const resumes = await Promise.all(Array.from({ length: 8 }, () => call('POST', `/v1/searches/${id}/resume`)));
        expect(resumes.filter((r) => r.status === 202)).toHaveLength(1);
        counts.resumes += resumes.length;
        expected.set(id, 'succeeded');
        if (i % 3 === 2) return;
        await sleep(Math.random() * 200);
        const cancels = await Promise.all(Array.from({ length: 8 }, () => call('POST', `/v1/searches/${id}/cancel`)));
        counts.cancels += cancels.length;
        if (cancels.some((c) => c.status === 202 && c.body.status !== 'succeeded')) expected.set(id, 'cancelled');
      }),
    );

    await service.kill9();
    await embedded.start(env, port);
    const final = new Map<string, any>();
    await until(
      async () => {
        for (const id of expected.keys()) if (!final.has(id)) {
          const search = (await call('GET', `/v1/searches/${id}`)).body;
          if (isFinalSearch(search.status)) final.set(id, search);
        }
        return final.size === expected.size;
      },
      300_000,
      'every search to end after the restart',
    );

    let resurrected = 0;
    let wrong = 0;
    let duplicated = 0;
    for (const [id, want] of expected) {
      const search = final.get(id);
      if (want === 'cancelled' && search.status !== 'cancelled') resurrected++;
      if (search.status !== want) wrong++;
      const trials = (await call('GET', `/v1/searches/${id}/trials?limit=200`)).body.items as { ordinal: number }[];
      const ordinals = trials.map((t) => t.ordinal).sort((a, b) => a - b);
      if (new Set(ordinals).size !== ordinals.length || ordinals.some((o, i) => o !== i)) duplicated++;
      if (want === 'succeeded') expect(search.progress.finished, id).toBe(search.progress.maxTrials);
    }
    await until(async () => trainerProcesses(dataDir).length === 0, 30_000, 'no trainer process left');
    const orphans = trainerProcesses(dataDir).length;
    console.log(`chaos: ${expected.size} searches (${counts.creates} creates, ${counts.retriedCreates} answered from their Idempotency-Key), ${counts.cancels} cancels, ${counts.resumes} resumes; ` +
      `${[...expected.values()].filter((s) => s === 'cancelled').length} expected cancelled; stuck 0, resurrected ${resurrected}, wrong final state ${wrong}, duplicated ${duplicated}, orphans ${orphans}`);
    expect({ resurrected, wrong, duplicated, orphans }).toEqual({ resurrected: 0, wrong: 0, duplicated: 0, orphans: 0 });
  }, 600_000);
});
