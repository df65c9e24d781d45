import type { Goal } from '../types';

export interface IntermediateValue {
  readonly step: number;
  readonly value: number;
}

/** The intermediate objective values a trial has reported so far, in any order. */
export interface TrialCurve {
  readonly ordinal: number;
  readonly intermediate: readonly IntermediateValue[];
}

export interface PruneRequest<Config> {
  /** The trial that just reported; the decision is about its latest step. */
  readonly trial: TrialCurve;
  /** Other trials of the search, finished (pruned included) or running. */
  readonly peers: readonly TrialCurve[];
  readonly goal: Goal;
  readonly config: Config;
}

export interface PruneDecision {
  readonly prune: boolean;
  /** The step the decision was made at. */
  readonly step?: number;
  readonly reason?: string;
}
