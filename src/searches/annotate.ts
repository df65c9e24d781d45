import { annotateSearchRow, annotateTrialRow, getTrial, type SearchRow, type Tags, type TrialRow } from '../db/index';
import type { Caller, SearchDeps } from './deps';
import { InvalidChange, SearchNotFound, TrialNotFound } from './errors';
import { findOwnSearch } from './read';

/** What a user writes on a search or a trial: notes replace the old ones, tags merge (a null value removes its key). */
export interface Annotation {
  notes?: string;
  tags?: Readonly<Record<string, string | null>>;
}

export interface SearchAnnotation extends Annotation {
  archived?: boolean;
}

/** Bounds of what users write on searches and trials (the API's schemas check all but the merged tag count). */
export const annotationBounds = {
  notesMaxLength: 10_000,
  /** Tags one search or trial holds, after a change is merged. */
  maxTags: 32,
  tagValueMaxLength: 256,
  /** `tag=key:value` filters per list request. */
  maxTagFilters: 8,
} as const;

function changeOf({ notes, tags = {} }: Annotation) {
  const setTags: Tags = {};
  const removeTags: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (value === null) removeTags.push(key);
    else setTags[key] = value;
  }
  return { ...(notes !== undefined ? { notes } : {}), setTags, removeTags };
}

const tooManyTags = () => new InvalidChange('tags', `a search or trial holds at most ${annotationBounds.maxTags} tags; remove some (a null value removes its key)`);

/** Changes a search's notes, tags or archive flag; its sweep is not touched. */
export async function annotateSearch(deps: Pick<SearchDeps, 'db'>, id: string, caller: Caller, annotation: SearchAnnotation): Promise<SearchRow> {
  const search = await findOwnSearch(deps.db, id, caller);
  const change = { ...changeOf(annotation), ...(annotation.archived !== undefined ? { archived: annotation.archived } : {}) };
  const annotated = await annotateSearchRow(deps.db, search.id, change, annotationBounds.maxTags);
  if (annotated) return annotated;
  await findOwnSearch(deps.db, id, caller);
  throw tooManyTags();
}

/** A trial of a search the caller may change. */
export async function findOwnTrial(deps: Pick<SearchDeps, 'db'>, id: string, caller: Caller): Promise<TrialRow> {
  const trial = await getTrial(deps.db, id);
  if (!trial) throw new TrialNotFound(id);
  await findOwnSearch(deps.db, trial.searchId, caller).catch((error: unknown) => {
    throw error instanceof SearchNotFound ? new TrialNotFound(id) : error;
  });
  return trial;
}

/** Changes a trial's notes or tags. */
export async function annotateTrial(deps: Pick<SearchDeps, 'db'>, id: string, caller: Caller, annotation: Annotation): Promise<TrialRow> {
  const trial = await findOwnTrial(deps, id, caller);
  const annotated = await annotateTrialRow(deps.db, trial.id, changeOf(annotation), annotationBounds.maxTags);
  if (annotated) return annotated;
  await findOwnTrial(deps, id, caller);
  throw tooManyTags();
}
