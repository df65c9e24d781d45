import { completedTrialResults, recordWarmStartObservations, type Db, type SearchRow } from '../src/db/index';
import { admittedObservation, boundedObservations } from '../src/search-spec/warm-start';
import type { Observation } from '../src/search/types';

/**
 * Loads the observations a warm-started search learns from, once: at its sweep's first start, from the source
 * searches' completed trials as they are then. Later runs (continue-as-new, resume) find them stored with the
 * spec, so every suggestion of the search sees the same observations, however the sources change afterwards.
 */
export async function loadWarmStart(db: Db, search: SearchRow): Promise<void> {
  const spec = search.resolved;
  if (!spec.warmStartFrom?.length || spec.warmStartObservations) return;
  const observations: Observation[] = [];
  for (const sourceId of spec.warmStartFrom)
    for (const trial of await completedTrialResults(db, sourceId)) {
      const observation = admittedObservation(spec, trial);
      if (observation) observations.push(observation);
    }
  await recordWarmStartObservations(db, search.id, boundedObservations(observations, spec.objective.goal));
}
