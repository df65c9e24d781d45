import { z } from 'zod';
import { bestSoFarMaxPoints } from '../../searches/index';
import { objectiveSchema } from '../../search-spec/search-spec';
import { searchSchema } from './searches';

/** Searches one comparison takes. */
const minCompared = 2;
const maxCompared = 10;

export const compareQuerySchema = z.strictObject({
  searches: z
    .string()
    .max(maxCompared * 37)
    .transform((ids) => ids.split(','))
    .pipe(
      z
        .array(z.uuid({ message: 'must be search ids separated by commas' }))
        .min(minCompared, `compare needs at least ${minCompared} searches`)
        .max(maxCompared, `compare takes at most ${maxCompared} searches`)
        .refine((ids) => new Set(ids).size === ids.length, 'searches must be distinct'),
    )
    .meta({ description: `${minCompared} to ${maxCompared} search ids, comma-separated` }),
});

export const bestSoFarPointSchema = z.object({
  trials: z.number().int().meta({ description: 'completed trials so far (in ordinal order)' }),
  ordinal: z.number().int().meta({ description: 'ordinal of the last of them' }),
  best: z.number().nullable().meta({ description: 'the best objective of the succeeded ones; null before the first' }),
});

export const comparedSearchSchema = z.object({
  search: searchSchema,
  completed: z.number().int().meta({ description: 'completed trials (final, not cancelled)' }),
  bestSoFar: z.array(bestSoFarPointSchema).meta({
    description: `the best objective so far after each completed trial; of more than ${bestSoFarMaxPoints} trials, ${bestSoFarMaxPoints} evenly spaced points ending at the last`,
  }),
});

export const comparisonSchema = z
  .object({ objective: objectiveSchema, searches: z.array(comparedSearchSchema) })
  .meta({ id: 'Comparison' });
