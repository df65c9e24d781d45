import type { z } from 'zod';
import type { TrialMetricRow, TrialRow } from '../db/index';
import { inPostedOrder, type ParetoSet, type SearchSummary } from '../searches/index';
import { finishedCount, type TrialCounts } from '../status';
import type { paretoSetSchema, progressSchema, searchSchema } from './schemas/searches';
import type { intervalSchema, metricPointSchema, metricSeriesSchema, trialSchema } from './schemas/trials';
import { intervalLevel } from '../search/evaluations';
import { temporalUiWorkflowLink, type TemporalUi } from './temporal-ui';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** JSON has no NaN or Infinity: non-finite numbers are sent as null. */
const finiteOrNull = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);

function finiteValues(values: Record<string, number>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, finiteOrNull(v)]));
}

/** The objective's interval, whose half width is the distance from the mean to the stored bound. */
function objectiveInterval({ objective, objectiveBound }: Pick<TrialRow, 'objective' | 'objectiveBound'>): z.output<typeof intervalSchema> | null {
  if (objective === null || objectiveBound === null || !Number.isFinite(objective) || !Number.isFinite(objectiveBound)) return null;
  const half = Math.abs(objective - objectiveBound);
  return { low: objective - half, high: objective + half, level: intervalLevel };
}

export function presentTrial(row: TrialRow): z.output<typeof trialSchema> {
  return {
    id: row.id,
    searchId: row.searchId,
    ordinal: row.ordinal,
    status: row.status,
    params: row.params,
    objective: finiteOrNull(row.objective),
    metrics: row.metrics ? finiteValues(row.metrics) : null,
    evaluations: row.evaluations,
    stdErrors: row.metricStdErrors ? finiteValues(row.metricStdErrors) : null,
    interval: objectiveInterval(row),
    beforeConfirmation: row.beforeConfirmation
      ? { objective: finiteOrNull(row.beforeConfirmation.objective), evaluations: row.beforeConfirmation.evaluations, interval: objectiveInterval(row.beforeConfirmation) }
      : null,
    trainKey: row.trainKey,
    trainingReused: row.trainingReused,
    attempt: row.attempt,
    worker: row.worker,
    error: row.error,
    prunedAtStep: row.prunedAtStep,
    notes: row.notes,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export function presentMetricPoint(row: TrialMetricRow): z.output<typeof metricPointSchema> {
  return { step: row.step, epoch: finiteOrNull(row.epoch), values: finiteValues(row.values), recordedAt: row.recordedAt.toISOString() };
}

/** Curve points regrouped by metric: one series per name, with the steps that report it. */
export function presentMetricSeries(rows: readonly TrialMetricRow[], names: readonly string[]): z.output<typeof metricSeriesSchema>[] {
  return names.map((name) => ({
    name,
    points: rows.filter((row) => Object.hasOwn(row.values, name)).map((row) => ({ step: row.step, epoch: finiteOrNull(row.epoch), value: finiteOrNull(row.values[name] ?? null) })),
  }));
}

export function presentProgress(maxTrials: number, counts: TrialCounts): z.output<typeof progressSchema> {
  const finished = finishedCount(counts);
  return { maxTrials, finished, percent: maxTrials > 0 ? Math.round((1000 * finished) / maxTrials) / 10 : 0, ...counts };
}

export function presentSearch({ search: row, counts, best }: SearchSummary, temporalUi?: TemporalUi): z.output<typeof searchSchema> {
  const spec = row.resolved;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    algorithm: spec.algorithm,
    trainer: spec.trainer.name,
    objective: spec.objective,
    objectives: spec.objectives ?? null,
    constraints: spec.constraints ?? null,
    workflowId: row.workflowId,
    links: { temporalUi: temporalUi ? temporalUiWorkflowLink(temporalUi, row.workflowId) : null },
    progress: presentProgress(spec.budget.maxTrials, counts),
    parallelism: spec.budget.parallelism,
    best: best ? presentTrial(best) : null,
    spec: row.spec,
    parameters: inPostedOrder(spec.dimensions, (dim) => dim.name, row.parameterOrder),
    fixed: inPostedOrder(Object.entries(spec.fixed), ([name]) => name, row.parameterOrder).map(([name, value]) => ({ name, value })),
    notes: row.notes,
    tags: row.tags,
    archived: row.archived,
    error: row.error,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export function presentParetoSet({ objectives, trials, size }: ParetoSet): z.output<typeof paretoSetSchema> {
  return { objectives, trials: trials.map(presentTrial), size };
}
