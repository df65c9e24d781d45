import { trialCheckpointsKey } from '../src/artifacts/index';
import { CheckpointSync } from '../src/artifacts/checkpoints';
import { trainerPidDir } from '../src/trainers/command/orphans';
import type { Trainer, TrialContext, TrialOutcome } from '../src/trainers/types';
import { checkpointDirOf, trialWorkDir } from '../src/trainers/work-dirs';
import type { ActivityDeps } from './deps';
import { evaluateRange, type EvaluationRange } from './evaluations';
import { runStaged } from './train-once';
import type { TrialTask } from './types';

/** What the trainer is given for an attempt of a task on this worker (its evaluation seed set per evaluation, see evaluateRange). */
export function trialContext(
  task: TrialTask,
  dataDir: string,
  attempt: number,
  signal: AbortSignal,
  observers: Pick<TrialContext, 'report' | 'log'>,
): TrialContext {
  return {
    searchId: task.searchId,
    trialId: task.trialId,
    ordinal: task.ordinal,
    attempt,
    params: task.params,
    trainParams: task.trainParams,
    seed: task.seed,
    evaluationSeed: task.seed,
    workDir: trialWorkDir(dataDir, task.searchId, task.ordinal),
    processDir: trainerPidDir(dataDir),
    signal,
    ...observers,
  };
}

/** The evaluations a trial's run makes: its spec's `evaluation.repeats`, from the first. */
export function firstEvaluations(task: TrialTask): EvaluationRange {
  return { from: 0, count: task.evaluationRepeats ?? 1 };
}

/**
 * The trainer's run of a trial: in stages (trained once per train key, see runStaged, then evaluated once per
 * evaluation), or whole, once per evaluation, its checkpoints kept in the artifact store per trial until its
 * result is recorded.
 */
export function startRun(
  trainer: Trainer,
  ctx: TrialContext,
  task: TrialTask,
  evaluations: EvaluationRange,
  { db, artifacts, dataDir }: Pick<ActivityDeps, 'db' | 'artifacts' | 'dataDir'>,
): { run: Promise<TrialOutcome>; recorded(): Promise<void> } {
  if (trainer.stages)
    return {
      run: runStaged({ db, artifacts, dataDir, trainer: trainer.name, trainKey: task.trainKey, holder: task.trialId, stages: trainer.stages, ctx, evaluations }),
      recorded: async () => undefined,
    };
  const checkpoints = new CheckpointSync(artifacts, trialCheckpointsKey(task.trialId), checkpointDirOf(ctx.workDir));
  return { run: checkpoints.around(ctx, (withCheckpoints) => evaluateRange(withCheckpoints, evaluations, trainer.run)), recorded: () => checkpoints.discard() };
}
