import { pathToFileURL } from 'node:url';
import type { TrainerRegistry } from '../registry';
import type { ProgressReport, TrialContext } from '../types';
import { ALIVE_INTERVAL_MS, type FromHost, type HostedCall, type ToHost } from './messages';

/**
 * A trainer host: a child process of the worker that runs one trainer call at a time, streaming its
 * reports back over IPC in batches. argv[2] is the module whose `createTrainers()` builds the registry.
 */
const REPORT_BATCH = 1_000;
const REPORT_FLUSH_MS = 100;
const SHUTDOWN_GRACE_MS = 15_000;

const send = (message: FromHost) => {
  if (process.connected) process.send!(message);
};

const trainersModule = process.argv[2];
if (!trainersModule || !process.send) throw new Error('usage: a forked child with the trainers module as its argument');
const { createTrainers } = (await import(pathToFileURL(trainersModule).href)) as { createTrainers(): Promise<TrainerRegistry> | TrainerRegistry };
const trainers = await createTrainers();

let current: { stop: AbortController; done: Promise<void> } | undefined;

async function execute(request: HostedCall, stop: AbortController): Promise<void> {
  let batch: ProgressReport[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    send({ type: 'reports', reports: batch });
    batch = [];
  };
  const flusher = setInterval(flush, REPORT_FLUSH_MS);
  try {
    const trainer = trainers.get(request.trainer);
    if (!trainer) throw new Error(`trainer '${request.trainer}' is not registered in the trainer host`);
    const ctx: TrialContext = {
      ...request.ctx,
      signal: stop.signal,
      report(progress) {
        batch.push(progress);
        if (batch.length >= REPORT_BATCH) flush();
      },
    };
    const outcome =
      request.call === 'run'
        ? await trainer.run(ctx)
        : request.call === 'train'
          ? await trainer.stages!.train(ctx, request.modelDir)
          : await trainer.stages!.evaluate(ctx, request.modelDir, request.trained);
    flush();
    send({ type: 'result', outcome });
  } catch (error) {
    flush();
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    clearInterval(flusher);
  }
}

process.on('message', (message: ToHost) => {
  if (message.type === 'abort') current?.stop.abort(new Error(message.reason));
  else {
    const stop = new AbortController();
    const done = execute(message, stop).finally(() => {
      if (current?.stop === stop) current = undefined;
    });
    current = { stop, done };
  }
});

const shutdown = async () => {
  current?.stop.abort(new Error('worker shutting down'));
  const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  await Promise.race([current?.done, grace]);
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
// the worker is gone (IPC closed): stop the trainer rather than run on unsupervised
process.once('disconnect', () => void shutdown());

setInterval(() => send({ type: 'alive' }), ALIVE_INTERVAL_MS);
send({ type: 'ready' });
