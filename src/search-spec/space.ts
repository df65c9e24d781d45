import { z } from 'zod';
import { specBounds } from './bounds';

export const stageSchema = z.enum(['train', 'eval']).meta({
  description: 'train: changes the trained model; eval: only changes evaluation, so trials can share one training run',
});
export type Stage = z.infer<typeof stageSchema>;

/** Names that plain-object lookups would find on Object.prototype rather than in a spec or a trainer's list. */
const RESERVED_PARAM_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export const paramNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'must start with a letter or _ and use only letters, digits, _ . - (max 64)')
  .refine((name) => !RESERVED_PARAM_NAMES.has(name), { error: (issue) => `'${String(issue.input)}' is reserved (__proto__, constructor, prototype)` });

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const boundedInt = z.number().int().min(-specBounds.intMagnitude).max(specBounds.intMagnitude);
const listed = <T extends z.ZodType>(value: T) =>
  z.array(value).min(1).max(specBounds.valuesPerParameter, `at most ${specBounds.valuesPerParameter} values per parameter`);

const numericBounds = {
  low: finite.optional(),
  high: finite.optional(),
  log: z.boolean().default(false),
  steps: z.number().int().min(2).max(specBounds.steps).optional().meta({ description: 'grid points between low and high (inclusive)' }),
  stage: stageSchema.optional(),
};

export const floatParamSchema = z.strictObject({
  type: z.literal('float'),
  ...numericBounds,
  values: listed(finite).optional(),
});

export const intParamSchema = z.strictObject({
  type: z.literal('int'),
  ...numericBounds,
  low: boundedInt.optional(),
  high: boundedInt.optional(),
  values: listed(boundedInt).optional(),
});

export const categoricalValueSchema = z.union([z.string().max(200), finite, z.boolean()]);

export const categoricalParamSchema = z.strictObject({
  type: z.literal('categorical'),
  values: listed(categoricalValueSchema),
  stage: stageSchema.optional(),
});

export const paramSpecSchema = z
  .discriminatedUnion('type', [floatParamSchema, intParamSchema, categoricalParamSchema])
  .superRefine((param, ctx) => {
    if (param.type === 'categorical') {
      if (new Set(param.values).size !== param.values.length) ctx.addIssue({ code: 'custom', path: ['values'], message: 'values must be unique' });
      return;
    }
    if (param.values !== undefined) {
      if (param.low !== undefined || param.high !== undefined || param.steps !== undefined)
        ctx.addIssue({ code: 'custom', path: ['values'], message: 'give either values or low/high, not both' });
      if (new Set(param.values).size !== param.values.length) ctx.addIssue({ code: 'custom', path: ['values'], message: 'values must be unique' });
      if (param.log && param.values.some((v) => v <= 0))
        ctx.addIssue({ code: 'custom', path: ['values'], message: 'log scale needs every value > 0' });
      return;
    }
    if (param.low === undefined) ctx.addIssue({ code: 'custom', path: ['low'], message: 'low is required unless values are given' });
    if (param.high === undefined) ctx.addIssue({ code: 'custom', path: ['high'], message: 'high is required unless values are given' });
    if (param.low === undefined || param.high === undefined) return;
    if (param.low >= param.high) ctx.addIssue({ code: 'custom', path: ['low'], message: `low (${param.low}) must be < high (${param.high})` });
    if (param.log && param.low <= 0) ctx.addIssue({ code: 'custom', path: ['low'], message: `log scale needs low > 0, got ${param.low}` });
    else if (!Number.isFinite(param.log ? Math.log(param.high) - Math.log(param.low) : param.high - param.low))
      ctx.addIssue({ code: 'custom', path: ['high'], message: `the range from low (${param.low}) to high (${param.high}) is wider than a finite number` });
    if (param.type === 'int' && param.steps !== undefined && param.steps > param.high - param.low + 1)
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `steps (${param.steps}) exceeds the ${param.high - param.low + 1} integers in [low, high]` });
  });

export type ParamSpec = z.infer<typeof paramSpecSchema>;
export type CategoricalValue = z.infer<typeof categoricalValueSchema>;
export type ParamValue = CategoricalValue;
export type Params = Readonly<Record<string, ParamValue>>;
