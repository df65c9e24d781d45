import { pathToFileURL } from 'node:url';
import { RetryableTrainerError } from '../attempt-errors';
import { boundLogLine } from '../log-line';
import type { TrainerRegistry } from '../registry';
import type { ProgressReport, TrialContext } from '../types';
import { ALIVE_INTERVAL_MS, type FromHost, type HostedCall, type ToHost } from './messages';

/**
 * A trainer host: a child process of the worker that runs one trainer call at a time, streaming its
 * reports back over IPC in batches. argv[2] is the module whose `createTrainers()` builds the registry.
 */
const REPORT_BATCH = 1_000;
/** Output the host holds while the worker has not taken the previous batch; past it lines are dropped (and counted). */
const MAX_PENDING_LOG_LINES = 10_000;
const MAX_PENDING_LOG_CHARS = 4 * 1024 * 1024;
/** Output characters in one message to the worker. */
const LOG_BATCH_CHARS = 1024 * 1024;
const REPORT_FLUSH_MS = 100;
const SHUTDOWN_GRACE_MS = 15_000;

const send = (message: FromHost) => {
  if (process.connected) process.send!(message);
};

const trainersModule = process.argv[2];
if (!trainersModule || !process.send) throw new Error('usage: a forked child with the trainers module as its argument');
const { createTrainers } = (await import(pathToFileURL(trainersModule).href)) as { createTrainers(): Promise<TrainerRegistry> | TrainerRegistry };
const trainers = await createTrainers();

let current: { stop: AbortController; done: Promise<void>; acknowledged(): void } | undefined;

/**
 * Runs a call and streams its reports, one batch at a time: the next batch goes once the worker has taken
 * the last (ack), so a trainer reporting faster than the worker keeps up piles up here, up to
 * maxPendingReports, and then fails the trial instead of flooding the worker.
 */
function execute(request: HostedCall & { maxPendingReports: number }): NonNullable<typeof current> {
  const stop = new AbortController();
  const pending: ProgressReport[] = [];
  const pendingLogs: string[] = [];
  let pendingLogChars = 0;
  let droppedLogs = 0;
  const takeLogs = () => {
    let count = 0;
    let chars = 0;
    while (count < pendingLogs.length && count < REPORT_BATCH && chars < LOG_BATCH_CHARS) chars += pendingLogs[count++]!.length;
    pendingLogChars -= chars;
    return pendingLogs.splice(0, count);
  };
  let awaitingAck = false;
  let overflow: string | undefined;
  const flush = () => {
    if (awaitingAck || (pending.length === 0 && pendingLogs.length === 0 && droppedLogs === 0)) return;
    const logs = takeLogs();
    if (droppedLogs > 0 && pendingLogs.length === 0) {
      logs.push(`[… ${droppedLogs} lines of output dropped: the worker fell behind …]`);
      droppedLogs = 0;
    }
    send({ type: 'reports', reports: pending.splice(0, REPORT_BATCH), logs });
    awaitingAck = true;
  };
  const acknowledged = () => {
    awaitingAck = false;
    flush();
  };
  const flusher = setInterval(flush, REPORT_FLUSH_MS);
  const ctx: TrialContext = {
    ...request.ctx,
    signal: stop.signal,
    report(progress) {
      if (overflow) return;
      if (pending.length >= request.maxPendingReports) {
        overflow = `the trainer reported metrics faster than they could be stored: ${request.maxPendingReports} points were waiting (METRIC_BUFFER_MAX_POINTS)`;
        stop.abort(new Error(overflow));
        return;
      }
      pending.push(progress);
      if (pending.length >= REPORT_BATCH) flush();
    },
    log(line) {
      const bounded = boundLogLine(line);
      // once full, lines are dropped until the held ones are sent, so the count stands where they were
      if (droppedLogs > 0 || pendingLogs.length >= MAX_PENDING_LOG_LINES || pendingLogChars + bounded.length > MAX_PENDING_LOG_CHARS) droppedLogs++;
      else {
        pendingLogs.push(bounded);
        pendingLogChars += bounded.length;
      }
    },
    checkpointSaved: (name) => send({ type: 'checkpoint', name }),
  };
  /** Every report sent and taken, so none arrives after the result. */
  const drained = async () => {
    while (pending.length > 0 || pendingLogs.length > 0 || droppedLogs > 0 || awaitingAck) {
      flush();
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (!process.connected) return;
    }
  };
  const done = (async () => {
    try {
      const trainer = trainers.get(request.trainer);
      if (!trainer) throw new Error(`trainer '${request.trainer}' is not registered in the trainer host`);
      const outcome =
        request.call === 'run'
          ? await trainer.run(ctx)
          : request.call === 'train'
            ? await trainer.stages!.train(ctx, request.modelDir)
            : await trainer.stages!.evaluate(ctx, request.modelDir, request.trained);
      await drained();
      send({ type: 'result', outcome: overflow ? { status: 'failed', metrics: {}, error: overflow } : outcome });
    } catch (error) {
      await drained();
      if (overflow) send({ type: 'result', outcome: { status: 'failed', metrics: {}, error: overflow } });
      else send({ type: 'error', message: error instanceof Error ? error.message : String(error), retryable: error instanceof RetryableTrainerError });
    } finally {
      clearInterval(flusher);
    }
  })();
  return { stop, done, acknowledged };
}

process.on('message', (message: ToHost) => {
  if (message.type === 'abort') current?.stop.abort(new Error(message.reason));
  else if (message.type === 'ack') current?.acknowledged();
  else {
    const call = execute(message);
    current = call;
    void call.done.finally(() => {
      if (current === call) current = undefined;
    });
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
