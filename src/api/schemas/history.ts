import { z } from 'zod';
import { objectiveSchema } from '../../search-spec/search-spec';
import { trialStatuses } from '../../status';
import { trialStatusSchema } from './trials';

/** How many buckets (and best-so-far points) a history answer holds at most, by default and at the most. */
export const historyPoints = { default: 1_000, max: 5_000 } as const;

export const historyQuerySchema = z.strictObject({
  points: z.coerce
    .number()
    .int()
    .min(1)
    .max(historyPoints.max)
    .default(historyPoints.default)
    .meta({ description: `at most this many buckets, and best-so-far points; 1 to ${historyPoints.max}, default ${historyPoints.default}` }),
});

const countsSchema = z.object(Object.fromEntries(trialStatuses.map((status) => [status, z.number().int()])) as Record<(typeof trialStatuses)[number], z.ZodNumber>);

export const historySchema = z
  .object({
    objective: objectiveSchema,
    trials: z.number().int().meta({ description: 'every trial of the search, whatever its status' }),
    counts: countsSchema.meta({ description: 'trials per status' }),
    bucketWidth: z.number().int().meta({ description: 'consecutive ordinals per bucket (the ordinal span over points, rounded up): 1 when every trial is a bucket of its own' }),
    buckets: z
      .array(
        z.object({
          firstOrdinal: z.number().int(),
          lastOrdinal: z.number().int(),
          counts: z.partialRecord(trialStatusSchema, z.number().int()).meta({ description: 'trials per status in the bucket; a status without one is left out' }),
          minObjective: z.number().nullable().meta({ description: 'the lowest finite objective of its succeeded trials; null without one' }),
          maxObjective: z.number().nullable().meta({ description: 'the highest finite objective of its succeeded trials; null without one' }),
        }),
      )
      .meta({ description: 'the trials by ordinal in buckets of bucketWidth ordinals, from the lowest ordinal; buckets without a trial are left out' }),
    improvements: z.number().int().meta({ description: 'succeeded trials whose finite objective beat every earlier one for the goal' }),
    bestSoFar: z
      .array(z.object({ ordinal: z.number().int(), objective: z.number() }))
      .meta({ description: 'those trials by ordinal: every one, or of more than points, points evenly spaced ones ending with the best' }),
  })
  .meta({ id: 'SearchHistory' });
