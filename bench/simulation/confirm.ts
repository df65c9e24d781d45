import { meanInterval, pessimisticBound, summarizeEvaluations, type EvaluationSummary } from '../../src/search/evaluations';
import type { Goal } from '../../src/search/types';
import type { Params } from '../../src/search-spec/space';
import { evaluationSeed, trialSeed } from '../../src/search-spec/trial-seed';

/** One evaluation of a trial's objective with an evaluation seed; NaN when the trial does not succeed. */
export type Evaluate = (params: Params, evaluationSeed: number) => number;

/** A succeeded trial of a simulated search with its evaluations, as the product stores them. */
export interface EvaluatedTrial {
  readonly ordinal: number;
  readonly params: Params;
  readonly evaluations: EvaluationSummary;
  /** Re-evaluated by confirm: `evaluations` are the confirmation's alone. */
  readonly confirmed?: boolean;
}

const objective = 'objective';

/**
 * Evaluations number from..from+count-1 of a trial of a search with seed `searchSeed`, summarised; null when one
 * of them does not succeed (the trial then ends with that outcome).
 */
export function evaluateTrial(evaluate: Evaluate, searchSeed: number, params: Params, from: number, count: number): EvaluationSummary | null {
  const seed = trialSeed(searchSeed, params);
  const values = Array.from({ length: count }, (_, i) => evaluate(params, evaluationSeed(seed, from + i)));
  return values.every(Number.isFinite) ? summarizeEvaluations(values.map((value) => ({ [objective]: value }))) : null;
}

/** The mean of a trial's evaluations of the objective: what the search observes and stores as its objective. */
export const objectiveMean = (evaluations: EvaluationSummary) => evaluations.means[objective]!;

/** The interval of the objective the API shows for a trial; undefined for a trial evaluated once. */
export const objectiveInterval = ({ evaluations }: EvaluatedTrial) =>
  meanInterval(objectiveMean(evaluations), evaluations.stdErrors?.[objective], evaluations.count);

const objectiveBound = (goal: Goal, { evaluations }: EvaluatedTrial) =>
  pessimisticBound(goal, objectiveMean(evaluations), evaluations.stdErrors?.[objective], evaluations.count);

const trialMean = (trial: EvaluatedTrial) => objectiveMean(trial.evaluations);

/** The trials by `score`, best first per the goal, ties to the lower ordinal. */
function ranked(trials: readonly EvaluatedTrial[], goal: Goal, score: (trial: EvaluatedTrial) => number): EvaluatedTrial[] {
  const sign = goal === 'maximize' ? -1 : 1;
  return [...trials].sort((a, b) => sign * (score(a) - score(b)) || a.ordinal - b.ordinal);
}

/**
 * The end of a search with `confirm`: its topK trials by objective evaluated `repeats` more times, numbered on from
 * their count, the fresh evaluations replacing the search's.
 */
export function confirmTrials(
  trials: readonly EvaluatedTrial[],
  goal: Goal,
  { topK, repeats }: { topK: number; repeats: number },
  evaluate: Evaluate,
  searchSeed: number,
): EvaluatedTrial[] {
  const top = ranked(trials, goal, trialMean).slice(0, topK);
  return trials.map((trial) => {
    if (!top.includes(trial)) return trial;
    const fresh = evaluateTrial(evaluate, searchSeed, trial.params, trial.evaluations.count, repeats);
    return fresh ? { ...trial, evaluations: fresh, confirmed: true } : trial;
  });
}

/** The search's best trial: by pessimistic bound among the confirmed trials, else among those that have one, else by objective. */
export function reportedBest(trials: readonly EvaluatedTrial[], goal: Goal): EvaluatedTrial | undefined {
  const confirmed = trials.filter((trial) => trial.confirmed);
  const bounded = (confirmed.length > 0 ? confirmed : trials).filter((trial) => objectiveBound(goal, trial) !== null);
  return (bounded.length > 0 ? ranked(bounded, goal, (trial) => objectiveBound(goal, trial)!) : ranked(trials, goal, trialMean))[0];
}
