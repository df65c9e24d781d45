import { z } from 'zod';
import { paramNameSchema, stageSchema } from '../search-spec/space';
import type { TrainerDescriptor } from './types';

/** Sizes of one registered trainer: descriptors travel through the database to every API process. */
export const registrationBounds = {
  trainersPerWorker: 256,
  parametersPerTrainer: 256,
  metricsPerTrainer: 64,
  descriptionLength: 2_000,
  /** Temporal allows longer task queue names; ours are a prefix and a trainer name. */
  taskQueueLength: 200,
} as const;

export const trainerNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a lower-case letter, then up to 63 of a-z 0-9 _ -');

/** The numbers a trainer takes for a knob: the API rejects a spec that could give it others. */
export const knobBoundsSchema = z
  .strictObject({ min: z.number(), max: z.number(), integer: z.boolean().default(false) })
  .refine((b) => b.min <= b.max, { message: 'min must be ≤ max', path: ['max'] });

export const taskQueueSchema = z.string().min(1).max(registrationBounds.taskQueueLength);

const descriptionSchema = z.string().max(registrationBounds.descriptionLength);

/** A trainer as a worker registers it: its descriptor and the task queue the worker polls for its trials. */
export const registeredTrainerSchema = z.object({
  name: trainerNameSchema,
  description: descriptionSchema,
  parameters: z
    .record(paramNameSchema, z.object({ stage: stageSchema, description: descriptionSchema, bounds: knobBoundsSchema.optional() }))
    .refine((p) => Object.keys(p).length <= registrationBounds.parametersPerTrainer, `at most ${registrationBounds.parametersPerTrainer} parameters`),
  acceptsExtraParameters: z.boolean(),
  metrics: z.array(z.string().min(1).max(200)).max(registrationBounds.metricsPerTrainer),
  staged: z.boolean(),
  taskQueue: taskQueueSchema,
});

/** A descriptor whose trials go to a known task queue. */
export type RegisteredTrainer = TrainerDescriptor & { taskQueue: string };

/** The descriptor part of a trainer (no code), as it is registered. */
export function describeTrainer(trainer: TrainerDescriptor, taskQueue: string): RegisteredTrainer {
  const { name, description, parameters, acceptsExtraParameters, metrics, staged } = trainer;
  return { name, description, parameters, acceptsExtraParameters, metrics, staged, taskQueue };
}
