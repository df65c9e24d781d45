import type { CompletedTrialStatus } from '../status';
import type { Dimension } from '../search-spec/dimension';
import type { Params } from '../search-spec/space';

export type Goal = 'minimize' | 'maximize';

/**
 * A finished trial's result as the models learn it. objective is null unless status is succeeded, or infeasible
 * (the objective's value of a trial that broke a constraint: the objective model learns from it, but it is never
 * the incumbent).
 */
export interface Observation {
  readonly params: Params;
  readonly status: CompletedTrialStatus;
  readonly objective: number | null;
  /** Multi-objective searches: every objective's value in the spec's order (objective is the first); null unless succeeded. */
  readonly objectives?: readonly number[] | null;
  /**
   * Searches with outcome constraints: each constrained metric's final value in the spec's order; null unless the
   * trial succeeded or was infeasible with a finite value of every one.
   */
  readonly constraintValues?: readonly number[] | null;
}

/** An outcome constraint as the algorithms see it: the feasible interval of a metric (at least one end given). */
export interface OutcomeBound {
  readonly min?: number;
  readonly max?: number;
}

/** A finished trial of this search as the algorithms see it. */
export interface ObservedTrial extends Observation {
  readonly ordinal: number;
}

/** A trial handed out but not finished yet. */
export interface PendingTrial {
  readonly ordinal: number;
  readonly params: Params;
}

export interface SuggestRequest {
  readonly dimensions: readonly Dimension[];
  readonly goal: Goal;
  /** Multi-objective searches: each objective's goal, in the spec's order (goal is the first); observations then carry `objectives`. */
  readonly goals?: readonly Goal[];
  /** Searches with outcome constraints: their bounds in the spec's order; observations then carry `constraintValues`. */
  readonly constraints?: readonly OutcomeBound[];
  readonly seed: number;
  readonly completed: readonly ObservedTrial[];
  readonly pending: readonly PendingTrial[];
  /** Ordinals to fill, ascending, none below the enqueued count. The answer has one entry per ordinal, or fewer when the space is exhausted. */
  readonly ordinals: readonly number[];
  /** The spec's enqueued configurations: they take ordinals 0..n-1 (see suggestAt) and are among completed or pending once suggested. */
  readonly enqueued?: readonly Params[];
  /** Observations of other searches (warm start): the models learn from them, but they are no trials of this search. */
  readonly prior?: readonly Observation[];
}

/**
 * A search algorithm only answers; the workflow runs the loop and the database holds the state.
 * suggest must be a pure function of the request: the same request gives the same answer.
 */
export interface SearchAlgorithm {
  readonly name: string;
  /** Whether suggest reads `completed` and `pending`; one that does not is asked with both empty, so a suggestion costs the same at any trial count. */
  readonly learnsFromTrials: boolean;
  suggest(request: SuggestRequest): Params[];
}
