import type { Params } from '../../src/search-spec/space';
import type { Dimension } from '../../src/search-spec/dimension';
import type { Goal, Observation, ObservedTrial, OutcomeBound, PendingTrial, SearchAlgorithm } from '../../src/search/types';

/** A trial's result; multi-objective problems also give `objectives`. */
export type Outcome = Pick<ObservedTrial, 'status' | 'objective' | 'objectives' | 'constraintValues'>;

export interface SimulationOptions {
  readonly algorithm: SearchAlgorithm;
  readonly dimensions: readonly Dimension[];
  readonly goal: Goal;
  /** Multi-objective problems: each objective's goal (goal is the first); evaluate then gives `objectives`. */
  readonly goals?: readonly Goal[];
  /** Problems with outcome constraints: their bounds; evaluate then gives `constraintValues`. */
  readonly constraints?: readonly OutcomeBound[];
  readonly seed: number;
  readonly budget: number;
  /** Trials in flight at once; free slots are filled in one request, trials finish in ordinal order. */
  readonly parallelism?: number;
  readonly evaluate: (params: Params) => Outcome;
  /** Observations of earlier searches (warm start). */
  readonly prior?: readonly Observation[];
}

export interface Simulation {
  /** Finished trials in ordinal order. */
  readonly trials: ObservedTrial[];
  /** Milliseconds each suggest call took, with the number of ordinals it asked for. */
  readonly latencies: { ms: number; ordinals: number; observed: number }[];
}

/** Drives suggest → evaluate → observe in-process, the way the workflow does with a database in between. */
export function simulate({ algorithm, dimensions, goal, goals, constraints, seed, budget, parallelism = 1, evaluate, prior = [] }: SimulationOptions): Simulation {
  const trials: ObservedTrial[] = [];
  const pending: PendingTrial[] = [];
  const latencies: Simulation['latencies'] = [];
  let next = 0;
  while (trials.length < budget) {
    const free = Math.min(parallelism - pending.length, budget - next);
    if (free > 0) {
      const ordinals = Array.from({ length: free }, (_, i) => next + i);
      const started = performance.now();
      const suggestions = algorithm.suggest({ dimensions, goal, ...(goals ? { goals } : {}), ...(constraints ? { constraints } : {}), seed, completed: trials, pending, ordinals, prior });
      latencies.push({ ms: performance.now() - started, ordinals: free, observed: trials.length });
      suggestions.forEach((params, i) => pending.push({ ordinal: ordinals[i]!, params }));
      next += suggestions.length;
      if (suggestions.length < free) budget = next;
    }
    const finished = pending.shift();
    if (!finished) break;
    trials.push({ ...finished, ...evaluate(finished.params) });
  }
  return { trials, latencies };
}
