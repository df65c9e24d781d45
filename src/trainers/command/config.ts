import { z } from 'zod';
import { paramNameSchema, stageSchema } from '../../search-spec/space';

/** The numbers a trainer takes for a knob: the API rejects a spec that could give it others. */
const knobBoundsSchema = z
  .strictObject({ min: z.number(), max: z.number(), integer: z.boolean().default(false) })
  .refine((b) => b.min <= b.max, { message: 'min must be ≤ max', path: ['max'] });

/** A command trainer as the worker's operator configures it; the API never supplies any of this. */
export const commandTrainerConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/),
  description: z.string().default('external trainer process'),
  command: z.array(z.string().min(1)).min(1),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  parameters: z
    .record(
      paramNameSchema,
      z.strictObject({ stage: stageSchema.default('train'), description: z.string().default(''), bounds: knobBoundsSchema.optional() }),
    )
    .default({}),
  acceptsExtraParameters: z.boolean().default(false),
  metrics: z.array(z.string()).default([]),
  /** Trials of this trainer go to this task queue (e.g. hpsearch-gpu), served by workers started with that TRIAL_TASK_QUEUE. */
  taskQueue: z.string().min(1).optional(),
  /** A trainer silent on stdout this long is taken as hung: killed, and the attempt fails (and is retried). */
  stallTimeoutMs: z.number().int().min(1_000).max(86_400_000).default(600_000),
  /** Time between SIGTERM and SIGKILL when a trial is cancelled. */
  killGraceMs: z.number().int().min(0).max(600_000).default(10_000),
});
export type CommandTrainerConfig = z.infer<typeof commandTrainerConfigSchema>;

export const trainersFileSchema = z.strictObject({
  trainers: z.array(commandTrainerConfigSchema).default([]),
});
