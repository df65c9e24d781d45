import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { knobBounds } from '../../search-spec/bounds';
import type { Trainer, TrainerParameter, TrialContext, TrialOutcome } from '../types';
import { DivergenceDetector } from '../divergence';
import { isDivergent, surfacePoint, syntheticAccuracy, trainCost } from './surface';

/** Steps between yields to the event loop when no duration paces the trial, so heartbeats and cancellation get through. */
const STEPS_PER_YIELD = 1_000;

const train = (description: string): TrainerParameter => ({ stage: 'train', description });

export const syntheticTrainer: Trainer = {
  name: 'synthetic',
  description: 'Analytic response surface over the six knobs with seeded noise and a divergence region at high learning rates (see src/trainers/synthetic/surface.ts).',
  parameters: {
    learning_rate: train('peak learning rate'),
    gradient_accumulation_steps: train('micro-batches per optimiser step'),
    num_train_epochs: train('epochs'),
    lr_scheduler_type: train('HuggingFace scheduler name'),
    per_device_train_batch_size: train('accepted for compatibility; no effect'),
    weight_decay: train('accepted for compatibility; no effect'),
    warmup_steps: train('accepted for compatibility; no effect'),
    temperature: { stage: 'eval', description: 'sampling temperature of the evaluation' },
    top_p: { stage: 'eval', description: 'nucleus sampling threshold of the evaluation' },
    eval_noise: { stage: 'eval', description: 'standard deviation of the evaluation noise on eval_accuracy (default 0.002), drawn anew per evaluation seed', bounds: knobBounds.synthetic.eval_noise },
    steps: { ...train('loss points reported per trial (default 5)'), bounds: knobBounds.synthetic.steps },
    duration_ms: { ...train('wall time a trial takes in milliseconds (default 0), for tests and benchmarks'), bounds: knobBounds.synthetic.duration_ms },
  },
  acceptsExtraParameters: false,
  staged: false,
  metrics: ['eval_accuracy', 'eval_loss', 'train_loss', 'train_cost'],
  run: runSynthetic,
};

async function runSynthetic(ctx: TrialContext): Promise<TrialOutcome> {
  const steps = Math.max(0, Math.floor(Number(ctx.params.steps ?? 5)));
  const durationMs = Math.max(0, Number(ctx.params.duration_ms ?? 0));
  const point = surfacePoint(ctx.params);
  const accuracy = syntheticAccuracy(ctx.params, ctx.evaluationSeed);
  const finalLoss = Number.isNaN(accuracy) ? Number.NaN : -Math.log(accuracy);
  const detector = new DivergenceDetector();
  let trainLoss = 0.69;
  for (let step = 1; step <= steps; step++) {
    if (durationMs > 0) await sleep(durationMs / steps, undefined, { signal: ctx.signal });
    else if (step % STEPS_PER_YIELD === 0) await yieldToEventLoop();
    ctx.signal.throwIfAborted();
    const progress = step / steps;
    trainLoss = isDivergent(point) && progress > 0.3 ? Number.NaN : 0.69 + (finalLoss - 0.69) * progress;
    ctx.report({ step, epoch: Math.ceil(progress * point.epochs), values: { loss: trainLoss, learning_rate: point.learningRate * (1 - progress) } });
    const diverged = detector.check(trainLoss);
    if (diverged) return { status: 'diverged', metrics: { train_loss: trainLoss }, error: diverged };
  }
  if (steps === 0 && durationMs > 0) await sleep(durationMs, undefined, { signal: ctx.signal });
  if (Number.isNaN(accuracy)) return { status: 'diverged', metrics: {}, error: 'learning rate in the divergence region' };
  return { status: 'succeeded', metrics: { eval_accuracy: accuracy, eval_loss: finalLoss, train_loss: steps > 0 ? trainLoss : finalLoss, train_cost: trainCost(point) } };
}
