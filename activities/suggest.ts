import { searchTrials, recordSuggestedTrials, trialsAt, type Db, type TrialRow } from '../src/db/index';
import { observeSuggestion } from '../src/observability/activity-telemetry';
import { searchAlgorithm, suggestAt, type ObservedTrial, type PendingTrial } from '../src/search/index';
import { objectiveValues } from '../src/search/outcome';
import type { ResolvedSpec } from '../src/search-spec/resolve';
import { constrainedValues } from '../src/search-spec/constraints';
import type { Params } from '../src/search-spec/space';
import { trialSeed } from '../src/search-spec/trial-seed';
import { trainKey } from '../src/trainers/train-key';
import { isCompletedTrial, isOpenTrial, ranToTheEnd } from '../src/status';
import { ActivityError } from './failures';
import { loadStoredSearch } from './stored-search';
import { toTrialTask } from './trial-task';
import type { TrialTask } from './types';

function observe(rows: readonly TrialRow[], spec: ResolvedSpec): { completed: ObservedTrial[]; pending: PendingTrial[] } {
  const { objectives, constraints } = spec;
  const completed: ObservedTrial[] = [];
  const pending: PendingTrial[] = [];
  for (const row of rows) {
    if (isCompletedTrial(row.status))
      completed.push({
        ordinal: row.ordinal,
        params: row.params,
        status: row.status,
        objective: row.status === 'infeasible' ? (row.metrics?.[spec.objective.metric] ?? null) : row.objective,
        ...(objectives ? { objectives: objectiveValues(row, objectives) ?? null } : {}),
        ...(constraints ? { constraintValues: (ranToTheEnd(row.status) && constrainedValues(constraints, row.metrics)) || null } : {}),
      });
    else if (isOpenTrial(row.status)) pending.push({ ordinal: row.ordinal, params: row.params });
  }
  return { completed, pending };
}

/** A validated space has finite bounds, so a non-finite suggestion is a bug of the algorithm: it fails loudly instead of being stored (as JSON null). */
function assertFinite(suggestions: readonly Params[]): void {
  for (const params of suggestions)
    for (const [name, value] of Object.entries(params))
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new Error(`suggested ${value} for '${name}'`);
}

export function createSuggestActivities(db: Db) {
  return {
    /**
     * Suggests parameters for the given ordinals and stores them as queued trials.
     * Ordinals already stored keep their parameters, so a retried call returns the same trials.
     */
    async suggestTrials({ searchId, ordinals }: { searchId: string; ordinals: number[] }): Promise<TrialTask[]> {
      const spec = (await loadStoredSearch(db, searchId)).resolved;
      const learns = searchAlgorithm(spec.algorithm).learnsFromTrials;
      const rows = learns ? await searchTrials(db, searchId) : await trialsAt(db, searchId, ordinals);
      const stored = new Map(rows.map((r) => [r.ordinal, r]));
      const missing = ordinals.filter((o) => !stored.has(o));
      const { completed, pending } = learns ? observe(rows, spec) : { completed: [], pending: [] };
      const suggestions = observeSuggestion(searchId, spec.algorithm, missing, () => {
        try {
          const suggested = suggestAt(spec.algorithm, {
            dimensions: spec.dimensions,
            goal: spec.objective.goal,
            ...(spec.objectives ? { goals: spec.objectives.map((o) => o.goal) } : {}),
            ...(spec.constraints ? { constraints: spec.constraints } : {}),
            seed: spec.seed,
            completed,
            pending,
            ordinals: missing,
            enqueued: spec.enqueue ?? [],
            prior: spec.warmStartObservations ?? [],
          });
          assertFinite(suggested);
          return suggested;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ActivityError('SearchAlgorithmError', `search algorithm ${spec.algorithm} failed: ${reason}`, { cause: error });
        }
      });
      const fresh = suggestions.map((searched, i) => {
        const params = { ...spec.fixed, ...searched };
        return { ordinal: missing[i]!, params, trainKey: trainKey(spec.trainer.name, trialSeed(spec.seed, params), params, spec.stages) };
      });
      for (const row of await recordSuggestedTrials(db, searchId, fresh)) stored.set(row.ordinal, row);
      return ordinals
        .map((o) => stored.get(o))
        .filter((t): t is TrialRow => t !== undefined)
        .map((t) => toTrialTask(spec, t));
    },
  };
}
