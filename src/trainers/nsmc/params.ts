import { z } from 'zod';
import { seedParameter } from '../../search-spec/trial-seed';
import { knobBounds, type KnobBounds } from '../../search-spec/bounds';
import type { Params, Stage } from '../../search-spec/space';
import type { TrainerParameter } from '../types';
import { polynomialLrEnd, schedulerTypes } from './schedules';

const int = (low: number, high: number) => z.number().int().min(low).max(high);
const bounded = ({ min, max }: KnobBounds) => int(min, max);
const { nsmc: declared } = knobBounds;
const fraction = z.number().min(0).max(1);

/**
 * Train-stage parameters, named as HuggingFace TrainingArguments where one exists. The defaults are the
 * tuned configuration for this model (HF's learning_rate default of 5e-5 suits transformers, not a bag
 * of n-grams); batch size, epochs, scheduler, warmup and decay keep HF's defaults.
 */
const trainShape = {
  learning_rate: z.number().positive().max(100).default(0.003),
  gradient_accumulation_steps: bounded(declared.gradient_accumulation_steps).default(1),
  num_train_epochs: bounded(declared.num_train_epochs).default(3),
  lr_scheduler_type: z.enum(schedulerTypes).default('linear'),
  per_device_train_batch_size: bounded(declared.per_device_train_batch_size).default(8),
  weight_decay: z.number().min(0).max(10).default(0),
  warmup_steps: bounded(declared.warmup_steps).default(0),
  warmup_ratio: fraction.default(0),
  num_cycles: z.number().positive().max(1000).optional(),
  embedding_dim: int(1, 512).default(8),
  hidden_dim: int(0, 1024).default(0),
  ngram_max: int(1, 8).default(4),
  hash_buckets: int(1024, 1 << 22).default(1 << 18),
};

const evalShape = {
  temperature: z.number().min(0).max(100).default(0),
  top_p: z.number().gt(0).max(1).default(1),
};

type ParameterName = keyof typeof trainShape | keyof typeof evalShape;

const descriptions: Record<ParameterName, string> = {
  learning_rate: 'peak AdamW learning rate (default 0.003)',
  gradient_accumulation_steps: 'micro-batches whose averaged gradients make one optimiser step (default 1)',
  num_train_epochs: 'passes over the training set (integer, default 3)',
  lr_scheduler_type: `HuggingFace scheduler: ${schedulerTypes.join(', ')} (default linear)`,
  per_device_train_batch_size: 'reviews per micro-batch (default 8)',
  weight_decay: 'AdamW decoupled weight decay, not applied to biases (default 0)',
  warmup_steps: 'linear warmup steps; when 0, warmup_ratio decides (default 0)',
  warmup_ratio: 'warmup as a fraction of all optimiser steps, used when warmup_steps is 0 (default 0)',
  num_cycles: 'cosine: half-waves (default 0.5); cosine_with_restarts: restarts (default 1)',
  embedding_dim: 'width of the n-gram embedding bag (default 8)',
  hidden_dim: 'ReLU hidden layer width; 0 = none (default 0)',
  ngram_max: 'longest character n-gram hashed (default 4)',
  hash_buckets: 'embedding rows the n-grams are hashed into (default 262144)',
  temperature: 'sampling temperature of the evaluation; ≤ 1e-6 = greedy (default 0)',
  top_p: 'nucleus sampling threshold of the evaluation (default 1)',
};

const trainSchema = z
  .strictObject(trainShape)
  .refine((c) => c.hash_buckets * c.embedding_dim <= 1 << 25, { message: 'hash_buckets × embedding_dim must be ≤ 2^25 (memory)' })
  .refine((c) => c.learning_rate * c.weight_decay < 1, { message: 'learning_rate × weight_decay must be < 1' })
  .refine((c) => c.lr_scheduler_type !== 'polynomial' || c.learning_rate > polynomialLrEnd, {
    message: `polynomial decays to lr_end ${polynomialLrEnd}: learning_rate must be larger`,
  });
const evalSchema = z.strictObject(evalShape);

export type NsmcTrainConfig = z.output<typeof trainSchema>;
export type NsmcEvalConfig = z.output<typeof evalSchema>;

function described(stage: Stage, shape: object): [string, TrainerParameter][] {
  return Object.keys(shape).map((name) => {
    const bounds: KnobBounds | undefined = (declared as Record<string, KnobBounds>)[name];
    return [name, { stage, description: descriptions[name as ParameterName], ...(bounds ? { bounds } : {}) }];
  });
}

export const nsmcParameters: Readonly<Record<string, TrainerParameter>> = Object.fromEntries([
  ...described('train', trainShape),
  ...described('eval', evalShape),
]);

function parseWith<T>(schema: z.ZodType<T>, params: Params, names: readonly string[], what: string): T {
  const values = Object.fromEntries(Object.entries(params).filter(([name]) => names.includes(name)));
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new Error(`invalid nsmc ${what} parameters: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The seed parameter is every trainer's: it arrives as the trial's seed, so it is not an unknown knob. */
function rejectUnknown(params: Params): void {
  const unknown = Object.keys(params).filter((name) => !(name in nsmcParameters) && name !== seedParameter);
  if (unknown.length > 0) throw new Error(`nsmc does not accept parameter(s): ${unknown.join(', ')}`);
}

/** The train-stage configuration of trial parameters (eval-stage names are ignored, unknown ones are an error). */
export function parseNsmcTrainParams(params: Params): NsmcTrainConfig {
  rejectUnknown(params);
  return parseWith(trainSchema, params, Object.keys(trainShape), 'train');
}

/** The eval-stage configuration of trial parameters (train-stage names are ignored, unknown ones are an error). */
export function parseNsmcEvalParams(params: Params): NsmcEvalConfig {
  rejectUnknown(params);
  return parseWith(evalSchema, params, Object.keys(evalShape), 'eval');
}
