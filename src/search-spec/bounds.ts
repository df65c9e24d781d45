/**
 * Every size and number a search spec may hold, in one place (the README's bounds table lists them
 * with their reasons). Validation reads them from here; nothing else states them.
 */
export const specBounds = {
  /** Objectives of a multi-objective spec: hypervolume and Pareto sorting grow steeply with each one. */
  objectives: 4,
  /** Outcome constraints of a spec: each is checked on every trial and modelled by bayes. */
  constraints: 8,
  /** Magnitude of a constraint's max or min. */
  constraintMagnitude: 1e15,
  /** Searched parameters per spec: each is a coordinate of the algorithms' models. */
  parameters: 64,
  /** Listed values of one parameter (values of a float/int, or categories). */
  valuesPerParameter: 1_000,
  /** Grid points between low and high of one range (`steps`). */
  steps: 10_000,
  /** Integers a grid enumerates from an int range without steps. */
  gridIntRange: 100_000,
  /** Magnitude of an int's low, high or value: exactly representable, with room for high - low. */
  intMagnitude: 1e15,
  /** Trials of one search, and its grid size when the grid is not truncated. */
  maxTrials: 1_000_000,
  /** Trials of one search running at once. */
  parallelism: 256,
  /** Configurations a spec enqueues: each is validated and stored with the spec. */
  enqueued: 1_000,
  /** Searches a spec warm-starts from. */
  warmStartSources: 10,
  /** Observations a warm start loads from its sources: each is a point of the bayes and tpe models. */
  warmStartObservations: 1_000,
  /** Evaluations of one trial (`evaluation.repeats`) and re-evaluations of a confirmed one (`confirm.repeats`): each may run the trainer again. */
  evaluationRepeats: 20,
  /** Trials `confirm` re-evaluates at the end of a search. */
  confirmTopK: 20,
  /** Largest seed: the generators mix it as a 32-bit integer. */
  seed: 2 ** 31 - 1,
  /** Steps, resources and counts a pruner is given. */
  prunerSteps: 1e9,
  /** Peers a median pruner waits for, and ASHA's reduction factor. */
  prunerCount: 1_000,
  /** ASHA's s: its first rung, minResource·η^s, stays finite. */
  prunerEarlyStoppingRate: 30,
} as const;

/** A numeric knob a trainer reads: values outside [min, max] (or not integers, when integer) are rejected. */
export interface KnobBounds {
  min: number;
  max: number;
  integer: boolean;
}

const intKnob = (min: number, max: number): KnobBounds => ({ min, max, integer: true });

/** Bounds of the knobs the built-in trainers read; their descriptors declare them from here. */
export const knobBounds = {
  synthetic: {
    /** Loss points per trial: each is a stored row, and the trial's report is held in memory. */
    steps: intKnob(0, 10_000),
    /** Wall time of one synthetic trial: one hour. */
    duration_ms: { min: 0, max: 3_600_000, integer: false },
    /** Standard deviation of the evaluation noise: a tenth of the accuracy scale. */
    eval_noise: { min: 0, max: 0.1, integer: false },
  },
  nsmc: {
    num_train_epochs: intKnob(1, 100),
    per_device_train_batch_size: intKnob(1, 4096),
    gradient_accumulation_steps: intKnob(1, 1024),
    warmup_steps: intKnob(0, 1_000_000),
  },
} as const satisfies Record<string, Record<string, KnobBounds>>;
