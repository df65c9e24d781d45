import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AnnotationChange, TagFilter } from '../schema/index';

/** Rows whose tags hold every filter's key with its value (the GIN index on tags answers `@>`). */
export function hasTags(tags: AnyPgColumn, filters: readonly TagFilter[] = []): SQL | undefined {
  return and(...filters.map(({ key, value }) => sql`${tags} @> ${JSON.stringify({ [key]: value })}::jsonb`));
}

/**
 * The tags after a change, computed in the UPDATE itself so that concurrent changes of other keys are
 * all kept: the stored tags with `setTags` merged in and `removeTags` taken out.
 */
export function mergedTags(tags: AnyPgColumn, change: AnnotationChange): SQL {
  const merged = sql`(${tags} || ${JSON.stringify(change.setTags ?? {})}::jsonb)`;
  for (const key of change.removeTags ?? []) merged.append(sql` - ${key}::text`);
  return merged;
}

/** Holds when the change leaves at most `maxTags` tags. */
export const tagsWithin = (tags: AnyPgColumn, change: AnnotationChange, maxTags: number): SQL =>
  sql`(select count(*) from jsonb_object_keys(${mergedTags(tags, change)})) <= ${maxTags}`;
