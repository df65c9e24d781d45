import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrialContext } from '../types';
import { checkpointDirOf } from '../work-dirs';
import type { CommandTrainerConfig } from './config';

/** The version of docs/trainer-protocol.md this worker speaks. */
export const PROTOCOL_VERSION = 2;

/** Which run of a command trainer: a whole trial, or one stage of a trainer with stages. */
export type StageRun = { stage: 'trial' } | { stage: 'train'; modelDir: string } | { stage: 'evaluate'; modelDir: string; trainMetrics: Record<string, number> };

/** Writes a run's request file (protocol 2) into its work directory; returns the environment that names it. */
export async function writeRequest(config: CommandTrainerConfig, ctx: TrialContext, run: StageRun): Promise<Record<string, string>> {
  const checkpointDir = checkpointDirOf(ctx.workDir);
  await mkdir(checkpointDir, { recursive: true });
  if (run.stage === 'train') await mkdir(run.modelDir, { recursive: true });
  const request = {
    protocol: PROTOCOL_VERSION,
    stage: run.stage,
    params: run.stage === 'train' ? ctx.trainParams : ctx.params,
    seed: ctx.seed,
    ...(run.stage !== 'train' ? { evaluation_seed: ctx.evaluationSeed } : {}),
    search_id: ctx.searchId,
    trial_id: ctx.trialId,
    ordinal: ctx.ordinal,
    attempt: ctx.attempt,
    checkpoint_dir: checkpointDir,
    ...(run.stage !== 'trial' ? { model_dir: run.modelDir } : {}),
    ...(run.stage === 'evaluate' ? { train_metrics: run.trainMetrics } : {}),
  };
  const file = path.join(ctx.workDir, `request-${run.stage}-attempt-${ctx.attempt}.json`);
  await writeFile(file, JSON.stringify(request));
  return {
    HPSEARCH_PARAMS_FILE: file,
    HPSEARCH_PROTOCOL: String(PROTOCOL_VERSION),
    HPSEARCH_STAGE: run.stage,
    HPSEARCH_CHECKPOINT_DIR: checkpointDir,
    HPSEARCH_TRIAL_ID: ctx.trialId,
    HPSEARCH_ATTEMPT: String(ctx.attempt),
    ...(run.stage !== 'trial' ? { HPSEARCH_MODEL_DIR: run.modelDir } : {}),
  };
}
