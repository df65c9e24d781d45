import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/db/index';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { allTrials, getJson, waitForSearch } from '../support/api';
import { createPostgresTestDatabase } from '../support/databases';
import { runsWithTool } from '../support/external-tool';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

const TRAINER = 'remote-example';

const trainersFile = (command: string[]) => `trainers:
  - name: ${TRAINER}
    description: the example trainer, on a worker of its own
    command: ${JSON.stringify(command)}
    parameters:
      learning_rate: { stage: train, description: peak learning rate }
      num_train_epochs: { stage: train, description: epochs, bounds: { min: 1, max: 100, integer: true } }
      steps_per_epoch: { stage: train, description: progress lines per epoch, bounds: { min: 1, max: 10000, integer: true } }
    metrics: [eval_accuracy, eval_loss]
    killGraceMs: 2000
`;

const spec = {
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  budget: { maxTrials: 2, parallelism: 2 },
  trainer: { name: TRAINER },
  space: { learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true } },
  fixed: { num_train_epochs: 1, steps_per_epoch: 3 },
};

interface ListedTrainer {
  name: string;
  builtIn: boolean;
  taskQueue: string;
  staged: boolean;
  parameters: Record<string, { stage: string; bounds?: unknown }>;
  workers: { worker: string; taskQueue: string; lastSeenAt: string; matchesOffered: boolean }[];
}

describe.runIf(runsWithTool('PostgreSQL (TEST_DATABASE_URL)', Boolean(process.env.TEST_DATABASE_URL), 'REQUIRE_POSTGRES_TESTS'))(
  'a trainer registered by a worker process of its own (PostgreSQL, Temporal dev server)',
  () => {
    let database: Database;
    let databaseUrl: string;
    let stack: TestStack;
    let worker: ServiceProcess | undefined;
    beforeAll(async () => {
      ({ database, url: databaseUrl } = await createPostgresTestDatabase());
      // the API, the sweep worker and a trial worker with the built-ins only, on the trial queue: none has the command trainer
      stack = await startTestStack('postgres', { database, trainers: createTrainerRegistry([]) });
    });
    afterAll(async () => {
      await worker?.stop();
      await stack?.stop();
      await database?.close();
    });

    const post = (body: unknown) => stack.app!.inject({ method: 'POST', url: '/v1/searches', payload: body as object });
    const trainers = async () => (await getJson<{ items: ListedTrainer[] }>(stack.app!, '/v1/trainers')).items;
    const expectNotOffered = async () => {
      const rejected = await post(spec);
      expect(rejected.statusCode, rejected.body).toBe(400);
      expect(rejected.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(rejected.json().errors).toEqual([{ in: 'body', field: 'trainer.name', message: `unknown trainer '${TRAINER}': no live worker offers it; offered now: nsmc, synthetic` }]);
    };

    /** useTestStack names its worker and queues after one suffix. */
    const stackWorker = () => `test-${stack.taskQueues.trials.slice('trials-'.length)}`;

    it('is offered within seconds of the worker starting, runs there, yields to a newer registration, and is gone once the workers stop', async () => {
      expect((await trainers()).map((t) => [t.name, t.builtIn, t.workers.map((w) => w.worker)])).toEqual([
        ['nsmc', true, [stackWorker()]],
        ['synthetic', true, [stackWorker()]],
      ]);
      await expectNotOffered();

      const file = path.join(stack.dataDir, 'trainers.yaml');
      writeFileSync(file, trainersFile(['python3', path.resolve('examples/command-trainer/train.py')]));
      const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: inject('temporalAddress'), TRIAL_TASK_QUEUE: stack.taskQueues.trials, DATA_DIR: stack.dataDir, LOG_LEVEL: 'warn' };
      const started = Date.now();
      let acceptedAfterMs: number | undefined;
      let created: { id: string } | undefined;
      const accepted = until(async () => {
        const answer = await post(spec);
        if (answer.statusCode !== 201) return false;
        acceptedAfterMs = Date.now() - started;
        created = answer.json();
        return true;
      }, 120_000, `a spec naming ${TRAINER} to be accepted`);
      worker = await spawnService(['worker', '--queues', 'trials', '--trainers', file], env, (out) => out.includes('workers:'));
      const readyAfterMs = Date.now() - started;
      await accepted;
      console.log(`registered trainer: worker ready after ${readyAfterMs} ms, spec accepted ${acceptedAfterMs} ms after the worker was started`);
      expect(acceptedAfterMs).toBeLessThan(readyAfterMs + 2_000);

      const workerName = `${os.hostname()}:${worker.child.pid}`;
      const listed = await trainers();
      const remote = listed.find((t) => t.name === TRAINER)!;
      expect(remote).toMatchObject({
        builtIn: false,
        staged: false,
        taskQueue: `${stack.taskQueues.trials}.${TRAINER}`,
        parameters: { num_train_epochs: { stage: 'train', bounds: { min: 1, max: 100, integer: true } } },
      });
      expect(remote.workers).toEqual([{ worker: workerName, taskQueue: remote.taskQueue, registeredAt: expect.any(String), lastSeenAt: expect.any(String), matchesOffered: true }]);
      expect(Date.now() - Date.parse(remote.workers[0]!.lastSeenAt)).toBeLessThan(15_000);
      // the built-ins are listed with the workers that run them
      expect(listed.find((t) => t.name === 'synthetic')!.workers.map((w) => [w.worker, w.taskQueue])).toEqual([
        [workerName, stack.taskQueues.trials],
        [stackWorker(), stack.taskQueues.trials],
      ]);

      const done = await waitForSearch(stack.app!, created!.id, ['succeeded', 'failed', 'cancelled', 'interrupted'], 90_000);
      expect(done.status).toBe('succeeded');
      // none reached the trial worker on the trial queue, which lacks the trainer
      const trials = await allTrials(stack.app!, created!.id);
      expect(trials.map((t) => [t.status, t.worker])).toEqual([
        ['succeeded', workerName],
        ['succeeded', workerName],
      ]);

      // a second worker offers the name with another descriptor (no declared parameters): the newest registration wins
      const adHoc = await spawnService(['worker', '--queues', 'trials', '--trainer', `name=${TRAINER},metric=eval_accuracy`, '--', 'python3', path.resolve('examples/command-trainer/train.py')], env, (out) => out.includes('workers:'));
      try {
        const adHocName = `${os.hostname()}:${adHoc.child.pid}`;
        await until(async () => (await trainers()).find((t) => t.name === TRAINER)!.workers.length === 2, 2_000, 'both workers to be listed');
        const contested = (await trainers()).find((t) => t.name === TRAINER)!;
        expect(contested).toMatchObject({ parameters: {}, taskQueue: remote.taskQueue });
        expect(contested.workers.map((w) => [w.worker, w.matchesOffered])).toEqual([
          [adHocName, true],
          [workerName, false],
        ]);
        const undeclared = await post({ ...spec, budget: { maxTrials: 1 }, fixed: { ...spec.fixed, sleep_seconds: 0 } });
        expect(undeclared.statusCode, undeclared.body).toBe(201);
        expect((await waitForSearch(stack.app!, undeclared.json().id, ['succeeded', 'failed', 'cancelled', 'interrupted'], 90_000)).status).toBe('succeeded');
      } finally {
        await adHoc.stop();
      }
      await until(async () => (await trainers()).find((t) => t.name === TRAINER)!.workers.length === 1, 2_000, 'the second worker to leave');
      expect((await trainers()).find((t) => t.name === TRAINER)).toMatchObject({ parameters: remote.parameters, workers: [{ worker: workerName, matchesOffered: true }] });

      await worker.stop();
      worker = undefined;
      await until(async () => !(await trainers()).some((t) => t.name === TRAINER), 2_000, `${TRAINER} to leave the list`);
      expect((await trainers()).find((t) => t.name === 'synthetic')!.workers.map((w) => w.worker)).toEqual([stackWorker()]);
      await expectNotOffered();
    }, 180_000);
  },
);
