import { z } from 'zod';
import { noEstimateReasons, importanceLimits } from '../../search/importance/index';
import { objectiveSchema } from '../../search-spec/search-spec';

export const importanceSchema = z
  .object({
    objective: objectiveSchema.meta({ description: 'the objective explained' }),
    trialsUsed: z
      .number()
      .int()
      .meta({
        description: `succeeded trials with a finite objective the estimate is fitted to: the latest ${importanceLimits.maxTrials}`,
      }),
    parameters: z
      .array(
        z.object({
          name: z.string(),
          share: z
            .number()
            .meta({
              description:
                "mean over the forest's trees of the parameter's share of the main-effect variance, in [0, 1]; the shares sum to 1",
            }),
          shareStd: z.number().meta({ description: 'standard deviation of that share across the trees' }),
        }),
      )
      .meta({
        description:
          "every parameter that can take more than one value in the search's space, in the resolved spec's order (by name); empty with a reason",
      }),
    mainEffectFraction: z
      .number()
      .nullable()
      .meta({
        description:
          "mean over the trees of the fraction of the surrogate's variance that main effects carry; the rest is interactions. Small: the shares split little",
      }),
    reason: z
      .enum(noEstimateReasons)
      .nullable()
      .meta({
        description: `why there is no estimate: too-few-trials (fewer than ${importanceLimits.minTrials} succeeded), no-varying-parameters, no-variance-explained (the objective does not vary with the parameters across the trials); null when there is one`,
      }),
  })
  .meta({ id: 'ParameterImportance' });
