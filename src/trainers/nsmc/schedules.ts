/**
 * Learning-rate schedules with the formulas of HuggingFace transformers' `get_scheduler`
 * (optimization.py). A schedule is the LambdaLR multiplier λ(current_step); as with LambdaLR,
 * optimiser step k (1-based) runs with learning_rate · λ(k − 1).
 */
export const schedulerTypes = ['constant', 'constant_with_warmup', 'linear', 'cosine', 'cosine_with_restarts', 'polynomial'] as const;
export type SchedulerType = (typeof schedulerTypes)[number];

export interface ScheduleOptions {
  type: SchedulerType;
  learningRate: number;
  trainingSteps: number;
  warmupSteps: number;
  /** cosine: half-waves (HF default 0.5); cosine_with_restarts: restarts (HF default 1). */
  numCycles?: number;
  /** polynomial only; HF defaults lr_end 1e-7, power 1.0. */
  lrEnd?: number;
  power?: number;
}

export type LrLambda = (currentStep: number) => number;

/** HF's default lr_end for polynomial decay. */
export const polynomialLrEnd = 1e-7;

/** TrainingArguments.get_warmup_steps: warmup_steps when positive, otherwise ceil(ratio · total steps). */
export function warmupStepsFor(warmupSteps: number, warmupRatio: number, trainingSteps: number): number {
  return warmupSteps > 0 ? warmupSteps : Math.ceil(trainingSteps * warmupRatio);
}

export function lrLambda(options: ScheduleOptions): LrLambda {
  const { type, trainingSteps: total, warmupSteps: warmup } = options;
  const warming = (step: number) => step / Math.max(1, warmup);
  const progress = (step: number) => (step - warmup) / Math.max(1, total - warmup);
  switch (type) {
    case 'constant':
      return () => 1;
    case 'constant_with_warmup':
      return (step) => (step < warmup ? warming(step) : 1);
    case 'linear':
      return (step) => (step < warmup ? warming(step) : Math.max(0, (total - step) / Math.max(1, total - warmup)));
    case 'cosine': {
      const cycles = options.numCycles ?? 0.5;
      return (step) => (step < warmup ? warming(step) : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress(step)))));
    }
    case 'cosine_with_restarts': {
      const cycles = options.numCycles ?? 1;
      return (step) => {
        if (step < warmup) return warming(step);
        const done = progress(step);
        return done >= 1 ? 0 : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((cycles * done) % 1))));
      };
    }
    case 'polynomial':
      return polynomialLambda(options);
  }
}

function polynomialLambda(options: ScheduleOptions): LrLambda {
  const { learningRate: lrInit, trainingSteps: total, warmupSteps: warmup } = options;
  const lrEnd = options.lrEnd ?? polynomialLrEnd;
  const power = options.power ?? 1;
  if (!(lrInit > lrEnd)) throw new Error(`lr_end (${lrEnd}) must be smaller than initial lr (${lrInit})`);
  const decaySteps = total - warmup;
  return (step) => {
    if (step < warmup) return step / Math.max(1, warmup);
    // HF divides by zero when warmup covers every step; the schedule has then reached lr_end.
    if (step > total || decaySteps === 0) return lrEnd / lrInit;
    const remaining = 1 - (step - warmup) / decaySteps;
    return ((lrInit - lrEnd) * remaining ** power + lrEnd) / lrInit;
  };
}
