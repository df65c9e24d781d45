import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DivergenceDetector } from '../divergence';
import type { Trainer, TrainOutcome, TrialContext } from '../types';
import { RetryableTrainerError } from '../attempt-errors';
import type { CommandTrainerConfig } from './config';
import { judgeExit } from './exit-status';
import { captureStderr } from './output-capture';
import { parseProtocolLine } from './protocol';
import { recordTrainerGroup } from './orphans';
import { signalGroup, terminateGroup, withParentDeathSignal } from './process-tree';
import { writeRequest, type StageRun } from './request';

export function commandTrainer(config: CommandTrainerConfig): Trainer {
  return {
    name: config.name,
    description: config.description,
    parameters: config.parameters,
    acceptsExtraParameters: config.acceptsExtraParameters,
    metrics: config.metrics,
    staged: config.stages,
    ...(config.taskQueue ? { taskQueue: config.taskQueue } : {}),
    run: (ctx) => runCommand(config, ctx, { stage: 'trial' }),
    ...(config.stages
      ? {
          stages: {
            train: (ctx, modelDir) => runCommand(config, ctx, { stage: 'train', modelDir }),
            evaluate: async (ctx, modelDir, trainMetrics) => {
              const evaluated = await runCommand(config, ctx, { stage: 'evaluate', modelDir, trainMetrics });
              return evaluated.status === 'succeeded' ? { status: 'succeeded', metrics: { ...trainMetrics, ...evaluated.metrics } } : evaluated;
            },
          },
        }
      : {}),
  };
}

/** One run of the trainer's command, for a trial or one of its stages: request file in, protocol messages out. */
async function runCommand(config: CommandTrainerConfig, ctx: TrialContext, run: StageRun): Promise<TrainOutcome> {
  const requestEnv = await writeRequest(config, ctx, run);

  const [executable, ...args] = withParentDeathSignal(config.command);
  const child = spawn(executable!, args, {
    cwd: config.cwd ?? process.cwd(),
    env: { ...process.env, ...config.env, ...requestEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = once(child, 'close').catch(() => [null, null]) as Promise<[number | null, NodeJS.Signals | null]>;
  const log = (line: string) => ctx.log?.(line);
  const stderrTail = captureStderr(child.stderr, log);
  const stdout = createInterface({ input: child.stdout, crlfDelay: Infinity });
  const stdoutRead = once(stdout, 'close');
  let stopReason: string | undefined;
  const stop = (reason: string) => {
    stopReason ??= reason;
    void terminateGroup(child, config.killGraceMs);
  };
  let stallTimer: NodeJS.Timeout | undefined;
  const watchForStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stop('stalled'), config.stallTimeoutMs);
  };
  let evalMetrics: Record<string, number> | undefined;
  let lastValues: Record<string, number> = {};
  const detector = new DivergenceDetector();
  // handled as each line arrives, like stderr's, so the log keeps the order the two streams came in
  stdout.on('line', (line) => {
    watchForStall();
    const message = parseProtocolLine(line);
    if (message.kind === 'progress') {
      ctx.report(message.report);
      lastValues = message.report.values;
      const loss = message.report.values.loss;
      const diverged = loss === undefined ? undefined : detector.check(loss);
      if (diverged) stop(`diverged: ${diverged}`);
    } else if (message.kind === 'checkpoint') ctx.checkpointSaved?.(message.name);
    else if (message.kind === 'eval') evalMetrics = message.metrics;
    else if (message.kind === 'diverged') stop(`diverged: ${message.reason}`);
    else if (message.kind === 'log') log(message.line);
  });
  watchForStall();
  const forgetGroup = child.pid === undefined ? async () => undefined : await recordTrainerGroup(ctx.processDir, ctx.trialId, child.pid);

  const onAbort = () => stop('cancelled');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();

  await stdoutRead;
  const [code, signal] = await exited;
  // processes the trainer started and left behind go with it
  signalGroup(child, 'SIGKILL');
  await forgetGroup();
  clearTimeout(stallTimer);
  ctx.signal.removeEventListener('abort', onAbort);
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('cancelled');
  if (stopReason === 'stalled') throw new RetryableTrainerError(`trainer printed nothing for ${config.stallTimeoutMs} ms and was killed`);
  if (stopReason?.startsWith('diverged')) return { status: 'diverged', metrics: lastValues, error: stopReason };
  const verdict = judgeExit({ code, signal, stderr: stderrTail() });
  if (verdict.kind === 'retry') throw new RetryableTrainerError(verdict.reason);
  if (verdict.kind === 'failed') return { status: 'failed', metrics: lastValues, error: verdict.error };
  if (!evalMetrics) return { status: 'failed', metrics: lastValues, error: 'trainer exited without an {"eval": {...}} line' };
  return { status: 'succeeded', metrics: { ...evalMetrics } };
}
