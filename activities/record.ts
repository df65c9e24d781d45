import { getTrial, recordTrialResult, type Db, type EvaluationFields } from '../src/db/index';
import { pessimisticBound, type EvaluationSummary } from '../src/search/evaluations';
import type { FinalTrialStatus } from '../src/status';
import type { TrialOutcome } from '../src/trainers/types';
import { constrainedValues, constraintViolations } from '../src/search-spec/constraints';
import type { TrialTask } from './types';

export type RecordTrialInput = Pick<TrialTask, 'trialId' | 'objectiveMetric' | 'objectiveMetrics' | 'constraints' | 'objectiveGoal'> & { outcome: TrialOutcome };

/**
 * The final status and objective of a trial: a success without a finite value of every objective and constrained
 * metric is a failure, and one breaking a constraint is infeasible: its error says how, its metrics are kept, and it
 * has no objective, so that neither the summary's best nor the front counts it (the models read its value from
 * the metrics, see activities/suggest.ts).
 */
export function finalResult({ outcome, objectiveMetric, objectiveMetrics = [objectiveMetric], constraints = [] }: RecordTrialInput): { status: FinalTrialStatus; objective: number | null; error: string | null } {
  if (outcome.status !== 'succeeded') return { status: outcome.status, objective: null, error: outcome.error };
  const missing = [...objectiveMetrics, ...constraints.map((c) => c.metric)].find((metric) => !Number.isFinite(outcome.metrics[metric]));
  if (missing !== undefined)
    return { status: 'failed', objective: null, error: `trainer reported no finite '${missing}' (got ${Object.keys(outcome.metrics).join(', ') || 'no metrics'})` };
  const violations = constraintViolations(constraints, constrainedValues(constraints, outcome.metrics)!);
  if (violations.length > 0) return { status: 'infeasible', objective: null, error: `infeasible: ${violations.join('; ')}` };
  return { status: 'succeeded', objective: outcome.metrics[objectiveMetric]!, error: null };
}

/** What a trial evaluated more than once stores beside its means: their count, standard errors, and the objective's bound. */
export function evaluationsResult(
  { objectiveMetric, objectiveGoal = 'maximize' }: Pick<RecordTrialInput, 'objectiveMetric' | 'objectiveGoal'>,
  objective: number | null,
  evaluations: EvaluationSummary,
): EvaluationFields {
  const stdError = evaluations.stdErrors?.[objectiveMetric];
  const objectiveBound = objective === null ? null : pessimisticBound(objectiveGoal, objective, stdError, evaluations.count);
  return { evaluations: evaluations.count, metricStdErrors: evaluations.stdErrors, objectiveBound };
}

/** Stores a trial's final result and returns the status stored; writing it again changes nothing. */
export function recordTrialOutcome(db: Db, input: RecordTrialInput): Promise<FinalTrialStatus> {
  const { status, objective, error } = finalResult(input);
  const { outcome } = input;
  return recordTrialResult(db, input.trialId, {
    status,
    objective,
    error,
    metrics: outcome.metrics,
    ...(outcome.status === 'succeeded' && outcome.evaluations ? { evaluated: evaluationsResult(input, objective, outcome.evaluations) } : {}),
    ...(input.outcome.trainingReused !== undefined ? { trainingReused: input.outcome.trainingReused } : {}),
    ...(input.outcome.status === 'pruned' ? { prunedAtStep: input.outcome.prunedAtStep } : {}),
  });
}

export function createRecordActivities(db: Db) {
  return {
    /** Records a trial whose activity failed for good; idempotent, so the workflow retries it until the database answers. */
    recordTrial: async (input: RecordTrialInput): Promise<FinalTrialStatus> => {
      const trial = await getTrial(db, input.trialId);
      // its last attempt never came back: the worker died (its heartbeats stopped) rather than the trainer failing
      if (trial?.status === 'running' && trial.error === null && input.outcome.status !== 'succeeded') {
        const error = `the worker running attempt ${trial.attempt} of this trial crashed or was killed (${input.outcome.error})`;
        return recordTrialOutcome(db, { ...input, outcome: { ...input.outcome, error } });
      }
      return recordTrialOutcome(db, input);
    },
  };
}
