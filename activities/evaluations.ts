import { summarizeEvaluations } from '../src/search/evaluations';
import { evaluationSeed } from '../src/search-spec/trial-seed';
import type { TrialContext, TrialOutcome } from '../src/trainers/types';

/** Which of a trial's evaluations a run makes: numbers from..from+count-1 (each has its own evaluation seed). */
export interface EvaluationRange {
  from: number;
  count: number;
}

/**
 * Runs `evaluate` for each evaluation of the range with its evaluation seed, and summarises them: the first
 * outcome that is not a success is the run's; otherwise the metrics are the means (with standard errors from two
 * evaluations on). Only the first evaluation reports progress: the others would repeat its curve.
 */
export async function evaluateRange(ctx: TrialContext, range: EvaluationRange, evaluate: (ctx: TrialContext) => Promise<TrialOutcome>): Promise<TrialOutcome> {
  const outcomes: Extract<TrialOutcome, { status: 'succeeded' }>[] = [];
  for (let i = 0; i < range.count; i++) {
    const outcome = await evaluate({ ...ctx, evaluationSeed: evaluationSeed(ctx.seed, range.from + i), ...(i > 0 ? { report: () => undefined } : {}) });
    if (outcome.status !== 'succeeded') return outcome;
    outcomes.push(outcome);
  }
  const last = outcomes[outcomes.length - 1]!;
  if (range.count === 1 && range.from === 0) return last;
  const evaluations = summarizeEvaluations(outcomes.map((o) => o.metrics));
  return { ...last, metrics: { ...last.metrics, ...evaluations.means }, evaluations };
}
