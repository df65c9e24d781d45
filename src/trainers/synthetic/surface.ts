import { createRng } from '../../util/rng';
import type { Params } from '../../search-spec/space';

/**
 * The synthetic response surface: eval_accuracy of a sentiment fine-tune as a function of the six knobs,
 * shaped after what hand-tuning NSMC shows. Maximize it.
 *
 *   effective lr optimum   log10(lr*) = -3.5 + 0.5·log10(gradient_accumulation_steps)
 *   lr term                -0.045·(log10(lr) - log10(lr*))²
 *   epochs term            -0.006·(num_train_epochs - e*)²,  e* = 3 - 1.2·(log10(lr) - log10(lr*)) (clamped to [1, 8])
 *   scheduler offset       constant -0.020, constant_with_warmup -0.012, linear 0, cosine +0.006,
 *                          cosine_with_restarts -0.004, polynomial -0.002 (anything else -0.03)
 *   sampling penalty       -0.12·temperature^1.5·top_p²   (greedy decoding is best: low temperature or small top_p)
 *   noise                  N(0, eval_noise²), eval_noise 0.002 unless given (the evaluation's sampling noise),
 *                          seeded by (evaluation seed, parameters): repeated evaluations of a trial draw anew
 *   accuracy               clamp(0.86 + terms, 0.5, 1)
 *
 * A second objective, train_cost (minimise it): num_train_epochs·(1 + 0.25·log2(gradient_accumulation_steps)), the
 * GPU time of a run in units of one epoch without accumulation; accuracy wants more epochs at low learning rates,
 * so the two conflict.
 *
 * Divergence region: log10(lr) > -2.2 + 0.3·log10(gradient_accumulation_steps). There the loss goes to NaN
 * after a couple of steps and the trial ends as diverged with no accuracy, like the reference user's lr=1e-2 run.
 * Parameters not given take the defaults below.
 */
export const syntheticDefaults = {
  learning_rate: 2e-4,
  gradient_accumulation_steps: 1,
  num_train_epochs: 3,
  lr_scheduler_type: 'linear',
  temperature: 0,
  top_p: 1,
  eval_noise: 0.002,
} as const;

const schedulerOffset: Record<string, number> = {
  constant: -0.02,
  constant_with_warmup: -0.012,
  linear: 0,
  cosine: 0.006,
  cosine_with_restarts: -0.004,
  polynomial: -0.002,
};

export interface SurfacePoint {
  learningRate: number;
  accumulation: number;
  epochs: number;
  scheduler: string;
  temperature: number;
  topP: number;
}

function num(params: Params, key: keyof typeof syntheticDefaults): number {
  const value = params[key] ?? syntheticDefaults[key];
  return typeof value === 'number' ? value : Number(value);
}

export function surfacePoint(params: Params): SurfacePoint {
  return {
    learningRate: num(params, 'learning_rate'),
    accumulation: Math.max(1, num(params, 'gradient_accumulation_steps')),
    epochs: num(params, 'num_train_epochs'),
    scheduler: String(params.lr_scheduler_type ?? syntheticDefaults.lr_scheduler_type),
    temperature: Math.max(0, num(params, 'temperature')),
    topP: Math.min(1, Math.max(0, num(params, 'top_p'))),
  };
}

export function isDivergent(p: SurfacePoint): boolean {
  return Math.log10(p.learningRate) > -2.2 + 0.3 * Math.log10(p.accumulation);
}

/** Accuracy without noise; NaN inside the divergence region. */
export function noiselessAccuracy(p: SurfacePoint): number {
  if (!(p.learningRate > 0) || isDivergent(p)) return Number.NaN;
  const lrGap = Math.log10(p.learningRate) - (-3.5 + 0.5 * Math.log10(p.accumulation));
  const bestEpochs = Math.min(8, Math.max(1, 3 - 1.2 * lrGap));
  const accuracy =
    0.86 -
    0.045 * lrGap ** 2 -
    0.006 * (p.epochs - bestEpochs) ** 2 +
    (schedulerOffset[p.scheduler] ?? -0.03) -
    0.12 * p.temperature ** 1.5 * p.topP ** 2;
  return Math.min(1, Math.max(0.5, accuracy));
}

/** The noiseless training cost (see the top of this file). */
export function trainCost(p: SurfacePoint): number {
  return p.epochs * (1 + 0.25 * Math.log2(p.accumulation));
}

function hashParams(params: Params): number {
  const text = JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Accuracy with seeded noise: the same (params, evaluation seed) always gives the same value. */
export function syntheticAccuracy(params: Params, evaluationSeed: number): number {
  const clean = noiselessAccuracy(surfacePoint(params));
  if (Number.isNaN(clean)) return clean;
  const noise = num(params, 'eval_noise') * createRng(evaluationSeed, hashParams(params)).normal();
  return Math.min(1, Math.max(0.5, clean + noise));
}
