import { z } from 'zod';
import { specBounds } from './bounds';
import { ashaPrunerSchema, medianPrunerSchema } from '../search/pruners/index';
import { categoricalValueSchema, paramNameSchema, paramSpecSchema } from './space';

export const algorithmNames = ['grid', 'random', 'tpe', 'bayes'] as const;
export const algorithmSchema = z.enum(algorithmNames);
export type AlgorithmName = z.infer<typeof algorithmSchema>;

const metricNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'must be a metric name such as eval_accuracy');

export const objectiveSchema = z.strictObject({ metric: metricNameSchema, goal: z.enum(['minimize', 'maximize']) });
export type Objective = z.infer<typeof objectiveSchema>;

export const objectivesSchema = z
  .array(objectiveSchema)
  .min(2, 'objectives lists 2 or more metrics; a single one is objective')
  .max(specBounds.objectives, `objectives lists at most ${specBounds.objectives} metrics`)
  .refine((list) => new Set(list.map((o) => o.metric)).size === list.length, 'each metric is an objective once')
  .meta({ description: 'multi-objective search: trials are ranked by Pareto dominance over these metrics (give objective or objectives)' });

export const scalarizationSchema = z
  .strictObject({
    weights: z.array(z.number().positive('weights are positive').max(1e6)).min(2).max(specBounds.objectives).meta({
      description: "one weight per objective, in the metrics' own units",
    }),
  })
  .meta({ description: 'multi-objective search: best answers with the Pareto trial of the highest Σ wᵢ·vᵢ, a minimised objective counting as −vᵢ (without it, best answers with the Pareto set)' });
export type Scalarization = z.infer<typeof scalarizationSchema>;

const limitSchema = z.number().min(-specBounds.constraintMagnitude).max(specBounds.constraintMagnitude);

export const constraintSchema = z
  .strictObject({
    metric: metricNameSchema,
    max: limitSchema.optional().meta({ description: 'the largest feasible final value' }),
    min: limitSchema.optional().meta({ description: 'the smallest feasible final value' }),
  })
  .superRefine((constraint, ctx) => {
    if (constraint.max === undefined && constraint.min === undefined) ctx.addIssue({ code: 'custom', path: ['max'], message: 'a constraint gives max, min or both' });
    else if (constraint.max !== undefined && constraint.min !== undefined && constraint.min > constraint.max)
      ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${constraint.min}) is above max (${constraint.max}): no value is feasible` });
  });
export type Constraint = z.infer<typeof constraintSchema>;

export const constraintsSchema = z
  .array(constraintSchema)
  .min(1)
  .max(specBounds.constraints, `constraints lists at most ${specBounds.constraints} metrics`)
  .refine((list) => new Set(list.map((c) => c.metric)).size === list.length, 'each metric is constrained once (give max and min together for a range)')
  .meta({ description: 'outcome constraints: a trial whose final value of one of these metrics lies outside its bounds ends infeasible, and bayes and tpe learn to avoid such regions' });

export const evaluationSchema = z
  .strictObject({
    repeats: z.number().int().min(1).max(specBounds.evaluationRepeats).default(1).meta({ description: 'evaluations of each trial, each with its own evaluation seed (a staged trainer trains once for them all); the trial stores their mean and standard error' }),
  })
  .meta({ id: 'Evaluation' });

export const confirmSchema = z
  .strictObject({
    topK: z.number().int().min(1).max(specBounds.confirmTopK).default(3).meta({ description: 'how many of the best succeeded trials are re-evaluated' }),
    repeats: z
      .number()
      .int()
      .min(2)
      .max(specBounds.evaluationRepeats)
      .default(5)
      .meta({ description: "fresh evaluations of each, with evaluation seeds none of its evaluations used; they replace the search's (kept as beforeConfirmation)" }),
  })
  .meta({ id: 'Confirm', description: 're-evaluates the best trials once the sweep ends; the best trial is then the confirmed one with the best 95% bound' });

export type Confirm = z.output<typeof confirmSchema>;

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
  metric: metricNameSchema.default('loss'),
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
    objective: objectiveSchema.optional().meta({ description: 'the metric to optimise (give objective or objectives)' }),
    objectives: objectivesSchema.optional(),
    scalarization: scalarizationSchema.optional(),
    constraints: constraintsSchema.optional(),
    evaluation: evaluationSchema.optional(),
    confirm: confirmSchema.optional(),
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
  .superRefine((spec, ctx) => {
    if (spec.objective && spec.objectives) ctx.addIssue({ code: 'custom', path: ['objectives'], message: 'give objective (one metric) or objectives (several), not both' });
    if (!spec.objective && !spec.objectives) ctx.addIssue({ code: 'custom', path: ['objective'], message: 'required: objective (one metric) or objectives (2 to 4)' });
    if (spec.scalarization && !spec.objectives) ctx.addIssue({ code: 'custom', path: ['scalarization'], message: 'scalarization weighs the objectives of a multi-objective spec: give objectives' });
    else if (spec.scalarization && spec.objectives && spec.scalarization.weights.length !== spec.objectives.length)
      ctx.addIssue({ code: 'custom', path: ['scalarization', 'weights'], message: `one weight per objective: ${spec.objectives.length} objectives, ${spec.scalarization.weights.length} weights` });
    if (spec.confirm && spec.objectives)
      ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'confirm re-evaluates the best trials of one objective: a multi-objective search has a front instead (use evaluation.repeats)' });
  })
  .meta({ id: 'SearchSpec' });

export type SearchSpecInput = z.input<typeof searchSpecSchema>;
export type SearchSpec = z.output<typeof searchSpecSchema>;
