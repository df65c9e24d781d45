import { z } from 'zod';
import { stageSchema } from '../../search-spec/space';
import { timestampSchema } from './common';

const boundsSchema = z
  .object({ min: z.number(), max: z.number(), integer: z.boolean() })
  .meta({ description: 'the numbers the trainer takes: a spec that could give it others is a 400' });

const trainerWorkerSchema = z.object({
  worker: z.string().meta({ description: 'the worker (host:pid)' }),
  taskQueue: z.string().meta({ description: 'the task queue it polls for this trainer' }),
  registeredAt: timestampSchema,
  lastSeenAt: timestampSchema.meta({ description: 'its last heartbeat (every 5 s); a registration unseen for 15 s is not live' }),
  matchesOffered: z.boolean().meta({ description: 'false when this worker registered another descriptor under the name than the one offered (the newest registration wins)' }),
});

export const trainerSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean().meta({ description: 'built into every worker; offered whether or not a worker runs it now' }),
    staged: z.boolean().meta({ description: 'trains once per train key (train-stage parameters and seed) and evaluates each trial apart' }),
    parameters: z.record(z.string(), z.object({ stage: stageSchema, description: z.string(), bounds: boundsSchema.optional() })),
    acceptsExtraParameters: z.boolean().meta({ description: 'parameters not listed are accepted too, as train-stage' }),
    metrics: z.array(z.string()).meta({ description: 'final metrics it reports; an objective must be one of them (any, when empty)' }),
    taskQueue: z.string().meta({ description: "the task queue its trials go to" }),
    workers: z.array(trainerWorkerSchema).meta({ description: 'the live workers that run it, newest registration first' }),
  })
  .meta({ id: 'Trainer' });

export const trainerListSchema = z.object({ items: z.array(trainerSchema) }).meta({ id: 'TrainerList' });
