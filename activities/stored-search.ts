import { z } from 'zod';
import { getSearch, type Db, type SearchRow } from '../src/db/index';
import { algorithmSchema } from '../src/search-spec/search-spec';
import { ActivityError } from './failures';

/** The parts of a stored resolved spec that sweep activities rely on; anything else is the trainer's and the algorithm's. */
const storedSpecSchema = z.looseObject({
  algorithm: algorithmSchema,
  objective: z.looseObject({ metric: z.string().min(1), goal: z.enum(['minimize', 'maximize']) }),
  budget: z.looseObject({
    maxTrials: z.int().min(1),
    parallelism: z.int().min(1),
    maxFailedTrials: z.int().min(0),
  }),
  trainer: z.looseObject({ name: z.string().min(1) }),
  dimensions: z.array(z.looseObject({ name: z.string() })),
});

/** The search as stored, or an ActivityError saying why a sweep cannot run it. */
export async function loadStoredSearch(db: Db, searchId: string): Promise<SearchRow> {
  const search = await getSearch(db, searchId);
  if (!search) throw new ActivityError('SearchNotFound', `search ${searchId} does not exist`);
  const checked = storedSpecSchema.safeParse(search.resolved);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new ActivityError(
      'InvalidSearch',
      `search ${searchId}: its stored spec no longer resolves: ${issue.path.join('.') || 'spec'}: ${issue.message}`,
    );
  }
  return search;
}
