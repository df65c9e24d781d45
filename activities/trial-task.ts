import type { TrialRow } from '../src/db/index';
import type { ResolvedSpec } from '../src/search-spec/resolve';
import { trainStageParams } from '../src/trainers/train-key';
import { trialSeed } from '../src/search-spec/trial-seed';
import type { TrialTask } from './types';

/** What a trial worker needs to run a stored trial of a search. */
export function toTrialTask(spec: ResolvedSpec, trial: TrialRow): TrialTask {
  return {
    searchId: trial.searchId,
    trialId: trial.id,
    ordinal: trial.ordinal,
    params: trial.params,
    trainParams: trainStageParams(trial.params, spec.stages),
    trainKey: trial.trainKey,
    trainer: spec.trainer.name,
    seed: trialSeed(spec.seed, trial.params),
    objectiveMetric: spec.objective.metric,
    objectiveGoal: spec.objective.goal,
    ...(spec.objectives ? { objectiveMetrics: spec.objectives.map((o) => o.metric) } : {}),
    ...(spec.constraints ? { constraints: spec.constraints } : {}),
    ...(spec.pruner ? { pruner: spec.pruner } : {}),
    ...(spec.evaluationRepeats ? { evaluationRepeats: spec.evaluationRepeats } : {}),
  };
}
