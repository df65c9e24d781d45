import type { Constraint, SpecPruner } from '../src/search-spec/search-spec';
import type { Params } from '../src/search-spec/space';
import type { FinalTrialStatus } from '../src/status';
import type { Goal } from '../src/search/types';

/** A trial handed to a trial worker. */
export interface TrialTask {
  searchId: string;
  trialId: string;
  ordinal: number;
  /** Searched parameters merged with the spec's fixed values: exactly what the trainer receives. */
  params: Params;
  /** The train-stage part of `params`, which `trainKey` hashes. */
  trainParams: Params;
  /** Trials with the same key share one training run (trainers with stages). */
  trainKey: string;
  trainer: string;
  /** The trial's seed: its `seed` parameter when it has one, else the search's. */
  seed: number;
  objectiveMetric: string;
  /** A multi-objective search's objective metrics, objectiveMetric first: a trial succeeds only with a finite value of each. */
  objectiveMetrics?: string[];
  /** The spec's outcome constraints: a trial that ran to the end breaking one is infeasible. */
  constraints?: Constraint[];
  pruner?: SpecPruner;
  /** The goal of objectiveMetric: which end of a repeatedly evaluated trial's interval the best trial is chosen by. */
  objectiveGoal?: Goal;
  /** Evaluations of the trial (`evaluation.repeats`; absent: one). */
  evaluationRepeats?: number;
}

export interface SweepState {
  maxTrials: number;
  parallelism: number;
  maxFailedTrials: number;
  objectiveMetric: string;
  /** Trials with a final status. */
  finished: number;
  failed: number;
  /** The next ordinal never handed out. */
  nextOrdinal: number;
  /** Trials handed out earlier that never finished: re-run first. */
  unfinished: TrialTask[];
  /** The spec confirms its best trials when the sweep ends (see activities/confirm.ts). */
  confirm?: boolean;
}

/** What runTrial returns once it has stored the trial's result. */
export interface StoredTrialStatus {
  status: FinalTrialStatus;
}
