import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArtifactTooLarge, modelKeyOf, trainingCheckpointsKey, type ArtifactStore } from '../src/artifacts/index';
import { CheckpointSync } from '../src/artifacts/checkpoints';
import { cacheStoredModel, localModel } from '../src/artifacts/models';
import { claimTraining, recordTrainingOutcome, renewTrainingLease, type Db } from '../src/db/index';
import { persistently } from '../src/db/retry';
import type { TrainerStages, TrainOutcome, TrialContext, TrialOutcome } from '../src/trainers/types';
import { checkpointDirOf, localModelDirOf, trainingWorkDir } from '../src/trainers/work-dirs';
import { evaluateRange, type EvaluationRange } from './evaluations';

const LEASE_MS = 60_000;
const WAIT_POLL_MS = 1_000;

export interface StagedRunInput {
  db: Db;
  artifacts: ArtifactStore;
  dataDir: string;
  trainer: string;
  trainKey: string;
  /** The trial that trains when the key has no training yet; its retries take the lease back at once. */
  holder: string;
  stages: TrainerStages;
  ctx: TrialContext;
  /** The evaluations of the trained model this run makes. */
  evaluations: EvaluationRange;
}

/**
 * Trains once per train key and evaluates every trial: the first trial of a key takes a lease and trains
 * (its checkpoints kept in the artifact store, so a retry on any worker resumes); the model goes to the
 * store, and every trial of the key evaluates it (as many times as asked) from this worker's local copy, fetched when missing.
 */
export async function runStaged(input: StagedRunInput): Promise<TrialOutcome> {
  const { db, ctx, trainKey, holder, artifacts } = input;
  const modelKey = modelKeyOf(input.trainer, trainKey);
  const localModelDir = localModelDirOf(input.dataDir, input.trainer, trainKey);
  for (;;) {
    const claim = await persistently(() => claimTraining(db, trainKey, holder, artifacts.uri(modelKey), LEASE_MS), ctx.signal);
    if (claim.claimed) {
      const trained = await trainHoldingLease(input, modelKey, localModelDir);
      return { ...(await afterTraining(input, localModelDir, trained)), trainingReused: false };
    }
    const { training } = claim;
    if (training.status !== 'training') {
      const trained: TrainOutcome =
        training.status === 'succeeded'
          ? { status: 'succeeded', metrics: training.metrics ?? {} }
          : { status: 'diverged', metrics: training.metrics ?? {}, error: training.error ?? 'training diverged' };
      if (trained.status === 'succeeded') await localModel(artifacts, training.modelUri, localModelDir);
      return { ...(await afterTraining(input, localModelDir, trained)), trainingReused: true };
    }
    await sleep(WAIT_POLL_MS, undefined, { signal: ctx.signal });
  }
}

async function trainHoldingLease(input: StagedRunInput, modelKey: string, localModelDir: string): Promise<TrainOutcome> {
  const { db, ctx, stages, trainKey, holder, artifacts } = input;
  const workDir = trainingWorkDir(input.dataDir, input.trainer, trainKey);
  const checkpoints = new CheckpointSync(artifacts, trainingCheckpointsKey(input.trainer, trainKey), checkpointDirOf(workDir));
  const renewal = setInterval(() => void renewTrainingLease(db, trainKey, holder, LEASE_MS).catch(() => undefined), LEASE_MS / 4);
  try {
    const modelDir = path.join(workDir, 'model');
    let trained = await checkpoints.around({ ...ctx, workDir }, (trainCtx) => stages.train(trainCtx, modelDir));
    if (trained.status === 'succeeded') trained = await storeModel(artifacts, modelKey, modelDir, localModelDir, trained, ctx.signal);
    // a training that failed (bad parameters, a model too large to store) is not an outcome to share: let the lease lapse
    if (trained.status === 'failed') {
      await renewTrainingLease(db, trainKey, holder, 0).catch(() => undefined);
      return trained;
    }
    const record = { status: trained.status, metrics: trained.metrics, error: trained.status === 'diverged' ? trained.error : null };
    await persistently(() => recordTrainingOutcome(db, trainKey, record), ctx.signal);
    await checkpoints.discard();
    return trained;
  } finally {
    clearInterval(renewal);
  }
}

/** Stores the trained model and keeps it as this worker's local copy; a model over the store's limits fails the training. */
async function storeModel(artifacts: ArtifactStore, key: string, modelDir: string, localModelDir: string, trained: TrainOutcome, signal: AbortSignal): Promise<TrainOutcome> {
  try {
    await persistently(() => cacheStoredModel(artifacts, key, modelDir, localModelDir), signal);
    return trained;
  } catch (error) {
    if (!(error instanceof ArtifactTooLarge)) throw error;
    return { status: 'failed', metrics: trained.metrics, error: `the trained model could not be stored: ${error.message}` };
  }
}

function afterTraining({ stages, ctx, evaluations }: StagedRunInput, modelDir: string, trained: TrainOutcome): Promise<TrialOutcome> {
  if (trained.status !== 'succeeded') return Promise.resolve(trained);
  return evaluateRange(ctx, evaluations, (evaluationCtx) => stages.evaluate(evaluationCtx, modelDir, trained.metrics));
}
