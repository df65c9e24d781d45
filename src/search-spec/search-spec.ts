import { z } from 'zod';
import { specBounds } from './bounds';
import { ashaPrunerSchema, medianPrunerSchema } from '../search/pruners/index';
import { categoricalValueSchema, paramNameSchema, paramSpecSchema } from './space';

export const algorithmNames = ['grid', 'random', 'tpe', 'bayes'] as const;
export const algorithmSchema = z.enum(algorithmNames);
export type AlgorithmName = z.infer<typeof algorithmSchema>;

export const objectiveSchema = z.strictObject({
  metric: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'must be a metric name such as eval_accuracy'),
  goal: z.enum(['minimize', 'maximize']),
});
export type Objective = z.infer<typeof objectiveSchema>;

export const budgetSchema = z.strictObject({
  maxTrials: z.number().int().min(1).max(specBounds.maxTrials).optional().meta({
    description: 'trials to run; for grid defaults to the grid size, required for random',
  }),
  parallelism: z.number().int().min(1, 'parallelism must be at least 1').max(specBounds.parallelism).default(1),
  maxFailedTrials: z.number().int().min(0).max(specBounds.maxTrials).optional().meta({
    description: 'stop the search as failed once more trials than this have failed (default: maxTrials)',
  }),
  truncateGrid: z.boolean().default(false).meta({
    description: 'allow maxTrials below the grid size; only the first maxTrials grid points run',
  }),
});

/** Which intermediate value the pruner judges: by default the training loss every trainer reports. */
const prunedMetric = {
  metric: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/).default('loss'),
  goal: z.enum(['minimize', 'maximize']).default('minimize'),
};
export const specPrunerSchema = z
  .discriminatedUnion('type', [medianPrunerSchema.extend(prunedMetric), ashaPrunerSchema.extend(prunedMetric)])
  .meta({ description: 'early stopping: median stopping rule or asynchronous successive halving over an intermediate metric' });
export type SpecPruner = z.output<typeof specPrunerSchema>;

/** One configuration: parameter name to value. */
const configurationSchema = z
  .record(paramNameSchema, categoricalValueSchema)
  .refine((c) => Object.keys(c).length <= 2 * specBounds.parameters, `a configuration names at most ${2 * specBounds.parameters} parameters`);

export const searchSpecSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    objective: objectiveSchema,
    algorithm: algorithmSchema,
    seed: z.number().int().min(0).max(specBounds.seed).default(0),
    budget: budgetSchema.default({ parallelism: 1, truncateGrid: false }),
    trainer: z.strictObject({ name: z.string().min(1).max(100) }),
    space: z.record(paramNameSchema, paramSpecSchema)
      .refine((s) => Object.keys(s).length <= specBounds.parameters, `space allows at most ${specBounds.parameters} parameters`)
      .meta({ description: 'the searched parameters; empty: a single-configuration search of the fixed values' }),
    fixed: z
      .record(paramNameSchema, categoricalValueSchema)
      .refine((f) => Object.keys(f).length <= specBounds.parameters, `fixed allows at most ${specBounds.parameters} parameters`)
      .default({}),
    pruner: specPrunerSchema.optional(),
    enqueue: z
      .array(configurationSchema)
      .max(specBounds.enqueued, `enqueue allows at most ${specBounds.enqueued} configurations`)
      .optional()
      .meta({ description: 'configurations tried first, in order (trial ordinals 0, 1, …); each gives every searched parameter, and they count toward maxTrials' }),
    warmStartFrom: z
      .array(z.uuid({ message: 'must be a search id' }))
      .max(specBounds.warmStartSources, `warmStartFrom allows at most ${specBounds.warmStartSources} searches`)
      .refine((ids) => new Set(ids).size === ids.length, 'searches must be unique')
      .optional()
      .meta({ description: 'bayes and tpe: searches whose finished trials seed the model (observations only: they are not run again and do not count toward maxTrials)' }),
  })
  .meta({ id: 'SearchSpec' });

export type SearchSpecInput = z.input<typeof searchSpecSchema>;
export type SearchSpec = z.output<typeof searchSpecSchema>;
