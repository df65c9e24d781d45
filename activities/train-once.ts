import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimTraining, recordTrainingOutcome, renewTrainingLease, type Db } from '../src/db/index';
import { persistently } from '../src/db/retry';
import type { TrainerStages, TrainOutcome, TrialContext, TrialOutcome } from '../src/trainers/types';

const LEASE_MS = 60_000;
const WAIT_POLL_MS = 1_000;

export interface StagedRunInput {
  db: Db;
  dataDir: string;
  trainer: string;
  trainKey: string;
  /** The trial that trains when the key has no training yet; its retries take the lease back at once. */
  holder: string;
  stages: TrainerStages;
  ctx: TrialContext;
}

/**
 * Trains once per train key and evaluates every trial: the first trial of a key takes a lease and trains
 * into a model directory shared by the key; others wait for it, then reuse the model (or its divergence).
 */
export async function runStaged(input: StagedRunInput): Promise<TrialOutcome> {
  const { db, ctx, stages, trainKey, holder } = input;
  const modelDir = path.join(input.dataDir, 'models', input.trainer, trainKey);
  for (;;) {
    const claim = await persistently(() => claimTraining(db, trainKey, holder, modelDir, LEASE_MS), ctx.signal);
    if (claim.claimed) {
      const trained = await trainHoldingLease(input, modelDir);
      return { ...(await afterTraining(stages, ctx, modelDir, trained)), trainingReused: false };
    }
    const { training } = claim;
    if (training.status !== 'training') {
      const trained: TrainOutcome =
        training.status === 'succeeded'
          ? { status: 'succeeded', metrics: training.metrics ?? {} }
          : { status: 'diverged', metrics: training.metrics ?? {}, error: training.error ?? 'training diverged' };
      return { ...(await afterTraining(stages, ctx, training.modelUri, trained)), trainingReused: true };
    }
    await sleep(WAIT_POLL_MS, undefined, { signal: ctx.signal });
  }
}

async function trainHoldingLease({ db, ctx, stages, trainKey, holder }: StagedRunInput, modelDir: string): Promise<TrainOutcome> {
  const renewal = setInterval(() => void renewTrainingLease(db, trainKey, holder, LEASE_MS).catch(() => undefined), LEASE_MS / 4);
  try {
    const trained = await stages.train(ctx, modelDir);
    // a training that failed (bad parameters) is not an outcome to share: let the lease lapse
    if (trained.status === 'failed') {
      await renewTrainingLease(db, trainKey, holder, 0).catch(() => undefined);
      return trained;
    }
    const record = { status: trained.status, metrics: trained.metrics, error: trained.status === 'diverged' ? trained.error : null };
    await persistently(() => recordTrainingOutcome(db, trainKey, record), ctx.signal);
    return trained;
  } finally {
    clearInterval(renewal);
  }
}

function afterTraining(stages: TrainerStages, ctx: TrialContext, modelDir: string, trained: TrainOutcome): Promise<TrialOutcome> {
  if (trained.status !== 'succeeded') return Promise.resolve(trained);
  return stages.evaluate(ctx, modelDir, trained.metrics);
}
