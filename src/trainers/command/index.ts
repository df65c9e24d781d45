import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DivergenceDetector } from '../divergence';
import type { Trainer, TrialContext, TrialOutcome } from '../types';
import { RetryableTrainerError } from '../attempt-errors';
import type { CommandTrainerConfig } from './config';
import { judgeExit } from './exit-status';
import { captureStderr } from './output-capture';
import { parseProtocolLine } from './protocol';
import { recordTrainerGroup } from './orphans';
import { signalGroup, terminateGroup, withParentDeathSignal } from './process-tree';

export function commandTrainer(config: CommandTrainerConfig): Trainer {
  return {
    name: config.name,
    description: config.description,
    parameters: config.parameters,
    acceptsExtraParameters: config.acceptsExtraParameters,
    metrics: config.metrics,
    staged: false,
    ...(config.taskQueue ? { taskQueue: config.taskQueue } : {}),
    run: (ctx) => runCommand(config, ctx),
  };
}

async function runCommand(config: CommandTrainerConfig, ctx: TrialContext): Promise<TrialOutcome> {
  const checkpointDir = path.join(ctx.workDir, 'checkpoints');
  await mkdir(checkpointDir, { recursive: true });
  const paramsFile = path.join(ctx.workDir, `params-attempt-${ctx.attempt}.json`);
  await writeFile(paramsFile, JSON.stringify({ params: ctx.params, seed: ctx.seed, trial_id: ctx.trialId, search_id: ctx.searchId, ordinal: ctx.ordinal, attempt: ctx.attempt, checkpoint_dir: checkpointDir }));

  const [executable, ...args] = withParentDeathSignal(config.command);
  const child = spawn(executable!, args, {
    cwd: config.cwd ?? process.cwd(),
    env: { ...process.env, ...config.env, HPSEARCH_PARAMS_FILE: paramsFile, HPSEARCH_CHECKPOINT_DIR: checkpointDir, HPSEARCH_TRIAL_ID: ctx.trialId },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = once(child, 'close').catch(() => [null, null]) as Promise<[number | null, NodeJS.Signals | null]>;
  const log = (line: string) => ctx.log?.(line);
  const stderrTail = captureStderr(child.stderr, log);
  // read from the start, before any await: a trainer that has already exited when readline attaches never ends the loop
  const stdoutLines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const forgetGroup = child.pid === undefined ? async () => undefined : await recordTrainerGroup(ctx.processDir, ctx.trialId, child.pid);

  let stopReason: string | undefined;
  const stop = (reason: string) => {
    stopReason ??= reason;
    void terminateGroup(child, config.killGraceMs);
  };
  const onAbort = () => stop('cancelled');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();

  let stallTimer: NodeJS.Timeout | undefined;
  const watchForStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stop('stalled'), config.stallTimeoutMs);
  };
  watchForStall();

  let evalMetrics: Record<string, number> | undefined;
  let lastValues: Record<string, number> = {};
  const detector = new DivergenceDetector();
  for await (const line of { [Symbol.asyncIterator]: () => stdoutLines }) {
    watchForStall();
    const message = parseProtocolLine(line);
    if (message.kind === 'progress') {
      ctx.report(message.report);
      lastValues = message.report.values;
      const loss = message.report.values.loss;
      const diverged = loss === undefined ? undefined : detector.check(loss);
      if (diverged) stop(`diverged: ${diverged}`);
    } else if (message.kind === 'eval') evalMetrics = message.metrics;
    else if (message.kind === 'diverged') stop(`diverged: ${message.reason}`);
    else if (message.kind === 'log') log(message.line);
  }
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
