import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app';
import { DEFAULT_ARTIFACT_MAX_BYTES, openArtifactStore, type ArtifactSettings } from './artifacts/index';
import type { ApiKey } from './api/auth';
import type { ApiAccess, ApiLimits } from './api/deps';
import { DEFAULT_TRIAL_LOG_MAX_BYTES } from './config';
import { openDatabase, type Database, type DatabaseTarget } from './db/index';
import { startMetricsServer } from './observability/metrics-server';
import { startDevServer } from './temporal/dev-server';
import { availableUiPort } from './temporal/ui-port';
import type { SearchFiles, SweepControl } from './searches/index';
import { createSweepControl, type SweepControlOptions } from './temporal/sweep-control';
import { superviseWorker } from './temporal/supervisor';
import { workerFactories } from './temporal/workers';
import { reapOrphanedTrainers, trainerPidDir } from './trainers/command/orphans';
import { hostedTrainers, TrainerHostPool } from './trainers/host/pool';
import { announceTrainers } from './trainer-registration/announce';
import { createTrainerCatalogue, type TrainerCatalogue } from './trainer-registration/catalogue';
import { describeTrainer } from './trainers/descriptor-schema';
import type { TrainerRegistry } from './trainers/registry';
import { isBuiltInTrainer, servesTrainer, trialTaskQueueOf } from './trainers/routing';

/** How often stop() says what it is still waiting for. */
const SLOW_SHUTDOWN_LOG_MS = 10_000;

export interface RuntimeOptions extends SweepControlOptions {
  database: DatabaseTarget | Database;
  temporal: { address: string } | { devServer: { cliPath: string | undefined; dbFile: string; uiPort?: number } };
  /** Base URL of the Temporal Web UI, for links; default: the embedded dev server's UI. */
  temporalUiUrl?: string;
  /** A /metrics listener of its own, for processes without the API. */
  metrics?: { port: number; host: string };
  trainers: TrainerRegistry;
  dataDir: string;
  /** Where trial workers keep models and checkpoints; default: the filesystem store in DATA_DIR/artifacts. */
  artifacts?: ArtifactSettings;
  workerName: string;
  trialConcurrency: number;
  /** The trial worker runs each trainer call in a child process of its own (embedded mode), built from this module's trainers. */
  trialHosts?: { trainersModule: string; heapLimitMb: number; niceness: number };
  /** Metric points of one trial waiting to be stored before the trial fails (default 100000). */
  metricBufferMaxPoints?: number;
  /** Output kept per trial attempt, in bytes (default DEFAULT_TRIAL_LOG_MAX_BYTES). */
  trialLogMaxBytes?: number;
  apiKeys?: readonly ApiKey[];
  apiLimits?: ApiLimits;
  apiAccess?: ApiAccess;
  /** Which parts run in this process. */
  api?: { port: number; host: string; logLevel: string } | { inject: true };
  sweepWorker: boolean;
  trialWorker: boolean;
  workflowBundle?: WorkflowBundle;
  log?: (line: string) => void;
}

export interface Runtime {
  database: Database;
  /** The trainers this process runs. */
  trainers: TrainerRegistry;
  /** The trainers specs may name: the built-ins and those live workers registered. */
  catalogue: TrainerCatalogue;
  client: Client;
  sweeps: SweepControl;
  /** This process's data directory and artifact store. */
  files: SearchFiles;
  temporalAddress: string;
  app?: FastifyInstance;
  /** Where the API listens, when it listens. */
  url?: string;
  stop(): Promise<void>;
}

/** Starts what this process runs: database, Temporal connection (or an embedded dev server), workers, API. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  /** What stop() shuts down, last started first, each named for the log line of one that is slow to stop. */
  const cleanups: [what: string, cleanup: () => Promise<unknown>][] = [];
  const stop = async () => {
    for (const [what, cleanup] of cleanups.reverse()) {
      const started = Date.now();
      const slow = setInterval(() => log(`shutdown: still waiting for ${what} after ${Math.round((Date.now() - started) / 1000)} s`), SLOW_SHUTDOWN_LOG_MS);
      await cleanup()
        .catch((error: Error) => log(`shutdown: ${what}: ${error.message}`))
        .finally(() => clearInterval(slow));
    }
  };
  try {
    const database = 'db' in options.database ? options.database : await openDatabase(options.database);
    if (!('db' in options.database)) cleanups.push(['the database', () => database.close()]);
    log(`database: ${database.kind}${'pgliteDir' in options.database ? ` in ${path.resolve(options.database.pgliteDir)}` : ''}`);

    let address: string;
    let temporalUiUrl = options.temporalUiUrl;
    if ('address' in options.temporal) address = options.temporal.address;
    else {
      const { cliPath, dbFile } = options.temporal.devServer;
      const uiPort = options.temporal.devServer.uiPort === undefined ? undefined : await availableUiPort(options.temporal.devServer.uiPort, log);
      const { env, source, stalePids } = await startDevServer({ cliPath, dbFile, namespace: options.namespace, ...(uiPort !== undefined ? { uiPort } : {}) });
      cleanups.push(['the embedded Temporal dev server', () => env.teardown()]);
      address = env.address;
      temporalUiUrl ??= uiPort !== undefined ? `http://127.0.0.1:${uiPort}` : undefined;
      if (stalePids.length > 0) log(`temporal: stopped ${stalePids.length} dev server(s) left running on the same state by a killed process`);
      log(`temporal: embedded dev server from ${source} at ${address}, persisted to ${dbFile}${uiPort !== undefined ? `, web UI at http://127.0.0.1:${uiPort}` : ''}`);
    }
    const connection = await Connection.connect({ address });
    cleanups.push(['the Temporal client connection', () => connection.close()]);
    const client = new Client({ connection, namespace: options.namespace });
    const sweeps = createSweepControl(client, options);
    const catalogue = createTrainerCatalogue({
      db: database.db,
      builtIns: [...options.trainers.values()].filter((t) => isBuiltInTrainer(t.name)),
      trialTaskQueue: options.trialTaskQueue,
    });
    const served = [...options.trainers.values()].filter((t) => servesTrainer(t, options.trialTaskQueue));
    const registered = served.map((t) => describeTrainer(t, trialTaskQueueOf(t, options.trialTaskQueue)));
    const trialTaskQueues = [...new Set(registered.map((t) => t.taskQueue))];

    // trial workers keep models and checkpoints there; the API deletes a search's from there
    const artifacts = openArtifactStore(options.artifacts ?? { kind: 'fs', dir: path.join(options.dataDir, 'artifacts'), maxBytes: DEFAULT_ARTIFACT_MAX_BYTES }, database.db);
    cleanups.push(['the artifact store', async () => artifacts.close()]);
    const files: SearchFiles = { dataDir: options.dataDir, artifacts: artifacts.store };

    if (options.sweepWorker || options.trialWorker) {
      const nativeConnection = await NativeConnection.connect({ address });
      cleanups.push(["the workers' Temporal connection", () => nativeConnection.close()]);
      const metricBufferMaxPoints = options.metricBufferMaxPoints ?? 100_000;
      let trainers = options.trainers;
      if (options.trialWorker) {
        const reaped = await reapOrphanedTrainers(trainerPidDir(options.dataDir));
        if (reaped > 0) log(`trainers: killed ${reaped} trainer process group(s) left running by a killed worker`);
        if (options.trialHosts) {
          const hosts = new TrainerHostPool({ ...options.trialHosts, unresponsiveMs: options.trialHeartbeatTimeoutMs, maxPendingReports: metricBufferMaxPoints, log });
          // pushed before the workers' cleanup, so it runs after the workers have stopped
          cleanups.push(['the trainer host processes', () => hosts.stop()]);
          trainers = hostedTrainers(options.trainers, hosts);
        }
      }
      const factories = await workerFactories({
          connection: nativeConnection,
          namespace: options.namespace,
          deps: {
            db: database.db,
            trainers,
            artifacts: artifacts.store,
            dataDir: options.dataDir,
            workerName: options.workerName,
            maxAttempts: options.trialMaxAttempts,
            metricBufferMaxPoints,
            trialLogMaxBytes: options.trialLogMaxBytes ?? DEFAULT_TRIAL_LOG_MAX_BYTES,
          },
          ...(options.sweepWorker ? { sweepTaskQueue: options.sweepTaskQueue } : {}),
          ...(options.trialWorker ? { trialTaskQueues } : {}),
          trialConcurrency: options.trialConcurrency,
          ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
        });
      const supervised = await Promise.all(factories.map((create) => superviseWorker(create, log)));
      cleanups.push(['the Temporal workers (running trials are cancelled first)', () => Promise.all(supervised.map((worker) => worker.stop()))]);
      if (options.trialWorker) {
        // stopped before the workers: the catalogue stops offering this worker's trainers first
        const announcement = await announceTrainers({ db: database.db, worker: options.workerName, trainers: registered, log });
        cleanups.push(['the trainer registrations', () => announcement.stop()]);
      }
      log(`workers: ${[options.sweepWorker && `sweeps on ${options.sweepTaskQueue}`, options.trialWorker && `trials on ${trialTaskQueues.join(', ')} (concurrency ${options.trialConcurrency}${options.trialHosts ? `, each in a child process with a ${options.trialHosts.heapLimitMb} MB heap` : ''})`].filter(Boolean).join(', ')}`);
    }

    let app: FastifyInstance | undefined;
    let url: string | undefined;
    if (options.api) {
      const api = options.api;
      app = await buildApp({
        database,
        sweeps,
        trainers: catalogue,
        files,
        logger: 'port' in api ? { level: api.logLevel } : false,
        ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}),
        ...(options.apiLimits ? { limits: options.apiLimits } : {}),
        ...(options.apiAccess ? { access: options.apiAccess } : {}),
        ...(temporalUiUrl ? { temporalUi: { url: temporalUiUrl, namespace: options.namespace } } : {}),
      });
      cleanups.push(['the API', () => app!.close()]);
      if ('port' in api) {
        url = await app.listen({ port: api.port, host: api.host });
        log(`api: ${url} (docs at ${url}/docs)`);
      } else await app.ready();
    }
    if (options.metrics) {
      const metricsServer = await startMetricsServer(options.metrics.port, options.metrics.host);
      cleanups.push(['the metrics server', () => metricsServer.close()]);
      log(`metrics: ${metricsServer.url}`);
    }
    return { database, trainers: options.trainers, catalogue, client, sweeps, files, temporalAddress: address, stop, ...(app ? { app } : {}), ...(url ? { url } : {}) };
  } catch (error) {
    await stop();
    throw error;
  }
}
