import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RetryableTrainerError } from '../attempt-errors';
import type { TrainerRegistry } from '../registry';
import type { Trainer, TrainOutcome, TrialContext, TrialOutcome } from '../types';
import type { FromHost, HostedCall, ToHost } from './messages';

const hostEntry = fileURLToPath(new URL('./host-process.ts', import.meta.url));
const STDERR_TAIL = 8_000;
const START_TIMEOUT_MS = 60_000;
/** How long a cancelled call may take to wind down before its host is killed. */
const ABORT_GRACE_MS = 15_000;
const WATCHDOG_INTERVAL_MS = 1_000;

/** A trainer host process died (or was killed for not answering) while running a call. */
export class TrainerProcessCrashed extends Error {
  override name = 'TrainerProcessCrashed';
}

export interface TrainerHostPoolOptions {
  /** Module whose `createTrainers()` builds the registry inside each host. */
  trainersModule: string;
  /** --max-old-space-size of each host. */
  heapLimitMb: number;
  /** Scheduling niceness of each host, inherited by the trainer processes it starts: the API and the workers come first for the CPU. */
  niceness: number;
  /** A host whose event loop is silent this long is killed and its call fails. */
  unresponsiveMs: number;
  /** Reports a host holds for the worker before it fails the trial (METRIC_BUFFER_MAX_POINTS). */
  maxPendingReports: number;
  log?: (line: string) => void;
}

/** One child process running one trainer call at a time. */
class TrainerHost {
  readonly process: ChildProcess;
  private stderrTail = '';
  private lastHeard = Date.now();
  private killedFor: string | undefined;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  constructor(private readonly options: TrainerHostPoolOptions) {
    this.process = fork(hostEntry, [options.trainersModule], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${options.heapLimitMb}`],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    if (this.process.pid !== undefined) setPriority(this.process.pid, options.niceness);
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    this.process.on('message', () => {
      this.lastHeard = Date.now();
    });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    this.process.on('error', (error) => options.log?.(`trainer host: ${error.message}`));
    this.ready = this.started();
    this.ready.catch(() => this.kill('it did not start'));
  }

  private async started(): Promise<void> {
    const ready = new Promise<void>((resolve) => {
      const onMessage = (message: FromHost) => {
        if (message.type !== 'ready') return;
        this.process.off('message', onMessage);
        resolve();
      };
      this.process.on('message', onMessage);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TrainerProcessCrashed(`trainer host did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    });
    const exited = this.exited.then(() => {
      throw new TrainerProcessCrashed(`trainer host exited while starting: ${this.describeExit()}`);
    });
    exited.catch(() => undefined);
    try {
      await Promise.race([ready, timeout, exited]);
    } finally {
      clearTimeout(timer);
    }
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null && this.killedFor === undefined;
  }

  kill(reason: string): void {
    this.killedFor ??= reason;
    this.process.kill('SIGKILL');
  }

  /** Runs one call; reports arrive on ctx.report, cancellation comes from ctx.signal. */
  async call(request: HostedCall, ctx: TrialContext): Promise<TrialOutcome | TrainOutcome> {
    await this.ready;
    this.lastHeard = Date.now();
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromHost) => {
        if (message.type === 'reports') {
          for (const report of message.reports) ctx.report(report);
          for (const line of message.logs) ctx.log?.(line);
          this.send({ type: 'ack' });
        } else if (message.type === 'checkpoint') ctx.checkpointSaved?.(message.name);
        else if (message.type === 'result') settle(() => resolve(message.outcome));
        else if (message.type === 'error') {
          const failure = message.retryable ? new RetryableTrainerError(message.message) : new Error(message.message);
          settle(() => reject(ctx.signal.aborted ? (ctx.signal.reason ?? failure) : failure));
        }
      };
      const onExit = () => settle(() => reject(ctx.signal.aborted && this.killedFor === 'cancelled' ? ctx.signal.reason : new TrainerProcessCrashed(`trainer process crashed running this trial: ${this.describeExit()}`)));
      let abortTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        this.send({ type: 'abort', reason: String((ctx.signal.reason as Error | undefined)?.message ?? 'cancelled') });
        abortTimer = setTimeout(() => this.kill('cancelled'), ABORT_GRACE_MS);
      };
      let lastTick = Date.now();
      const watchdog = setInterval(() => {
        const now = Date.now();
        // this process was busy itself: the host's messages may be waiting behind this timer, so it gets the benefit of the doubt
        if (now - lastTick > 2 * WATCHDOG_INTERVAL_MS) this.lastHeard = now;
        lastTick = now;
        const silentMs = now - this.lastHeard;
        if (silentMs > this.options.unresponsiveMs) this.kill(`its event loop was blocked for ${Math.round(silentMs / 1000)} s`);
      }, WATCHDOG_INTERVAL_MS);
      const settle = (finish: () => void) => {
        clearInterval(watchdog);
        clearTimeout(abortTimer);
        this.process.off('message', onMessage);
        this.process.off('exit', onExit);
        ctx.signal.removeEventListener('abort', onAbort);
        finish();
      };
      this.process.on('message', onMessage);
      this.process.once('exit', onExit);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      this.send({ type: 'run', maxPendingReports: this.options.maxPendingReports, ...request });
      if (ctx.signal.aborted) onAbort();
    });
  }

  private send(message: ToHost): void {
    if (this.process.connected) this.process.send(message);
  }

  private describeExit(): string {
    if (this.killedFor && this.killedFor !== 'cancelled') return `killed because ${this.killedFor}`;
    if (/heap out of memory|Reached heap limit/.test(this.stderrTail)) return `out of memory (heap limit ${this.options.heapLimitMb} MB)`;
    const { exitCode, signalCode } = this.process;
    const lastLines = this.stderrTail.trim().split('\n').slice(-5).join('\n');
    return `${signalCode ? `killed by ${signalCode}` : `exited with code ${exitCode}`}${lastLines ? `: ${lastLines}` : ''}`;
  }
}

/**
 * Trainer hosts for a trial worker: each call gets an idle host or a new one, so a trainer that blocks,
 * leaks or runs out of memory takes its own process down, not the worker's. A crashed host is replaced
 * by the next call.
 */
export class TrainerHostPool {
  private readonly idle: TrainerHost[] = [];
  private readonly all = new Set<TrainerHost>();
  private stopping = false;

  constructor(private readonly options: TrainerHostPoolOptions) {}

  async call(request: HostedCall, ctx: TrialContext): Promise<TrialOutcome | TrainOutcome> {
    if (this.stopping) throw new Error('trainer hosts are shutting down');
    const host = this.idle.pop() ?? this.spawn();
    try {
      return await host.call(request, ctx);
    } finally {
      if (host.alive && !this.stopping) this.idle.push(host);
    }
  }

  private spawn(): TrainerHost {
    const host = new TrainerHost(this.options);
    this.all.add(host);
    void host.exited.then(() => {
      this.all.delete(host);
      const index = this.idle.indexOf(host);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return host;
  }

  /** SIGTERM to every host (each stops its trainer, command trainers' process groups included), SIGKILL after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    const hosts = [...this.all];
    for (const host of hosts) host.process.kill('SIGTERM');
    const timer = setTimeout(() => hosts.forEach((host) => host.kill('shutting down')), ABORT_GRACE_MS + 5_000);
    await Promise.all(hosts.map((host) => host.exited));
    clearTimeout(timer);
  }
}

/** The registry as the worker sees it: the same trainers, each call run in a trainer host. */
export function hostedTrainers(registry: TrainerRegistry, pool: TrainerHostPool): TrainerRegistry {
  const hosted = new Map<string, Trainer>();
  for (const trainer of registry.values()) {
    const { name, stages } = trainer;
    hosted.set(name, {
      ...trainer,
      run: (ctx) => pool.call({ call: 'run', trainer: name, ctx: portable(ctx) }, ctx),
      ...(stages
        ? {
            stages: {
              train: (ctx, modelDir) => pool.call({ call: 'train', trainer: name, ctx: portable(ctx), modelDir }, ctx) as Promise<TrainOutcome>,
              evaluate: (ctx, modelDir, trained) => pool.call({ call: 'evaluate', trainer: name, ctx: portable(ctx), modelDir, trained }, ctx),
            },
          }
        : {}),
    });
  }
  return hosted;
}

function portable({ searchId, trialId, ordinal, attempt, params, trainParams, seed, evaluationSeed, workDir, processDir }: TrialContext): HostedCall['ctx'] {
  return { searchId, trialId, ordinal, attempt, params, trainParams, seed, evaluationSeed, workDir, processDir };
}
