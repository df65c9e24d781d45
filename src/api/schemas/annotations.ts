import { z } from 'zod';
import { annotationBounds } from '../../searches/index';

const TAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const tagKeyRule = 'must be 1 to 64 letters, digits, ".", "_", "/" or "-", starting with a letter or digit';

export const tagKeySchema = z.string().regex(TAG_KEY, tagKeyRule);
const tagValueSchema = z.string().max(annotationBounds.tagValueMaxLength, `at most ${annotationBounds.tagValueMaxLength} characters`);

export const notesSchema = z.string().max(annotationBounds.notesMaxLength, `at most ${annotationBounds.notesMaxLength} characters`);
export const tagsSchema = z.record(z.string(), z.string()).meta({ description: '`key: value` labels set by users' });

/** A change of tags, merged into the stored ones as JSON merge patch (RFC 7396): a null value removes its key. */
const tagsPatchSchema = z
  .record(tagKeySchema, tagValueSchema.nullable())
  .refine((tags) => Object.keys(tags).length <= annotationBounds.maxTags, `at most ${annotationBounds.maxTags} tags`)
  .meta({ description: `merged into the stored tags: a string sets the key, null removes it; at most ${annotationBounds.maxTags} tags in all, keys ${tagKeyRule}, values at most ${annotationBounds.tagValueMaxLength} characters` });

export const trialPatchSchema = z.strictObject({
  notes: notesSchema.optional().meta({ description: `replaces the notes (at most ${annotationBounds.notesMaxLength} characters; "" clears them)` }),
  tags: tagsPatchSchema.optional(),
});

export const searchPatchSchema = trialPatchSchema.extend({
  archived: z.boolean().optional().meta({ description: 'an archived search is left out of GET /v1/searches unless ?archived=true; still readable by id' }),
});

/** `?tag=key:value`, repeatable: every one must hold. */
export const tagFilterSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}:[^\0]{0,256}$/, `must be key:value, the key ${tagKeyRule}, the value at most ${annotationBounds.tagValueMaxLength} characters`)
          .transform((filter) => {
            const colon = filter.indexOf(':');
            return { key: filter.slice(0, colon), value: filter.slice(colon + 1) };
          }),
      )
      .max(annotationBounds.maxTagFilters, `at most ${annotationBounds.maxTagFilters} tag filters`),
  )
  .optional()
  .meta({ description: 'only those with this tag, as key:value; repeat it to ask for several (all must hold)' });
