import { z } from 'zod';
import { paramNameSchema, stageSchema } from '../../search-spec/space';
import { knobBoundsSchema, taskQueueSchema, trainerNameSchema } from '../descriptor-schema';

/** A command trainer as the worker's operator configures it; the API never supplies any of this. */
export const commandTrainerConfigSchema = z.strictObject({
  name: trainerNameSchema,
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
  /** The trainer runs in stages (protocol 2): `train` once per train key into a model directory, `evaluate` once per trial; else one `trial` run each. */
  stages: z.boolean().default(false),
  metrics: z.array(z.string()).default([]),
  /** Trials of this trainer go to this task queue (e.g. hpsearch-gpu), which every worker that has it polls; default: see src/trainers/routing.ts. */
  taskQueue: taskQueueSchema.optional(),
  /** A trainer silent on stdout this long is taken as hung: killed, and the attempt fails (and is retried). */
  stallTimeoutMs: z.number().int().min(1_000).max(86_400_000).default(600_000),
  /** Time between SIGTERM and SIGKILL when a trial is cancelled. */
  killGraceMs: z.number().int().min(0).max(600_000).default(10_000),
});
export type CommandTrainerConfig = z.infer<typeof commandTrainerConfigSchema>;

export const trainersFileSchema = z.strictObject({
  trainers: z.array(commandTrainerConfigSchema).default([]),
});
