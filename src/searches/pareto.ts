import { trialsByOrdinal, type Db, type SearchRow, type TrialRow } from '../db/index';
import { minimised, ParetoFront } from '../search/multi-objective/index';
import { objectiveValues } from '../search/outcome';
import type { Objective, Scalarization } from '../search-spec/search-spec';
import type { ResolvedSpec } from '../search-spec/resolve';
import { describeSearch, findSearch } from './read';

/** The trials a Pareto answer lists, best first by the first objective; its size says how many the front holds. */
export const paretoListLimit = 1_000;

export interface ParetoSet {
  objectives: Objective[];
  /** The non-dominated succeeded trials, best first by the first objective (ties by ordinal), at most paretoListLimit. */
  trials: TrialRow[];
  /** How many trials the front holds. */
  size: number;
}

/** A best trial by the spec's scalarisation, or the front when a multi-objective spec names none. */
export type BestAnswer = { kind: 'trial'; trial: TrialRow } | { kind: 'pareto'; pareto: ParetoSet };

const readBatch = 1_000;

export const objectivesOf = (spec: ResolvedSpec): Objective[] => spec.objectives ?? [spec.objective];


/** Σ wᵢ·vᵢ with a minimised objective's value negated: higher is better. */
export function scalarized(values: readonly number[], objectives: readonly Objective[], { weights }: Scalarization): number {
  return values.reduce((sum, v, i) => sum + weights[i]! * (objectives[i]!.goal === 'maximize' ? v : -v), 0);
}

/** Every non-dominated succeeded trial of a search, best first; read in batches by ordinal, so memory is the front's, not the search's. */
async function frontOf(db: Db, search: SearchRow): Promise<{ objectives: Objective[]; trials: TrialRow[] }> {
  const objectives = objectivesOf(search.resolved);
  const goals = objectives.map((o) => o.goal);
  const front = new ParetoFront<TrialRow>();
  for await (const batch of trialsByOrdinal(db, search.id, readBatch)) {
    for (const trial of batch) {
      const values = objectiveValues(trial, objectives);
      if (values) front.add(minimised(values, goals), trial);
    }
  }
  const sorted = [...front.entries()].sort((a, b) => a.point[0]! - b.point[0]! || a.item.ordinal - b.item.ordinal);
  return { objectives, trials: sorted.map((m) => m.item) };
}

const listed = ({ objectives, trials }: { objectives: Objective[]; trials: TrialRow[] }): ParetoSet => ({ objectives, trials: trials.slice(0, paretoListLimit), size: trials.length });

export async function paretoSetOf(db: Db, id: string): Promise<ParetoSet> {
  return listed(await frontOf(db, await findSearch(db, id)));
}

/**
 * What `best` answers: a single-objective search's best trial (from its summary); a multi-objective search's
 * front, or with a scalarisation the front's trial that scores highest (ties by the lower ordinal).
 * undefined while no trial has succeeded.
 */
export async function bestAnswerOf(db: Db, id: string): Promise<BestAnswer | undefined> {
  const { search, best } = await describeSearch(db, id);
  const { scalarization } = search.resolved;
  if (!search.resolved.objectives) return best ? { kind: 'trial', trial: best } : undefined;
  const front = await frontOf(db, search);
  if (front.trials.length === 0) return undefined;
  if (!scalarization) return { kind: 'pareto', pareto: listed(front) };
  const score = (t: TrialRow) => scalarized(objectiveValues(t, front.objectives)!, front.objectives, scalarization);
  return { kind: 'trial', trial: front.trials.reduce((top, t) => (score(t) > score(top) || (score(t) === score(top) && t.ordinal < top.ordinal) ? t : top)) };
}
