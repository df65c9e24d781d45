import type { KnobBounds } from '../search-spec/bounds';
import type { Params, Stage } from '../search-spec/space';
import type { EvaluationSummary } from '../search/evaluations';

export interface TrainerParameter {
  stage: Stage;
  description: string;
  /** The numbers the trainer takes for this parameter; the API rejects a spec that could give it others. */
  bounds?: KnobBounds;
}

/** What the API needs to know about a trainer to validate a spec; no code runs from it. */
export interface TrainerDescriptor {
  name: string;
  description: string;
  /** Parameters the trainer accepts, with their stage. */
  parameters: Readonly<Record<string, TrainerParameter>>;
  /** When true, parameters not listed above are accepted too (as train-stage). */
  acceptsExtraParameters: boolean;
  /** Metric names the trainer reports at the end of a trial; the objective must be one of them. */
  metrics: readonly string[];
  /** Whether it trains once per train key and evaluates each trial apart (train and evaluate stages). */
  staged: boolean;
  /** Task queue whose workers run this trainer (e.g. GPU workers); default: the configured trial queue. */
  taskQueue?: string;
}

export interface ProgressReport {
  step: number;
  /** Fractional, as the HuggingFace Trainer logs it. */
  epoch?: number;
  values: Record<string, number>;
}

export interface TrialContext {
  searchId: string;
  trialId: string;
  ordinal: number;
  attempt: number;
  params: Params;
  /** The part of `params` a training may depend on, the same the trial's train key hashes: what a train stage receives. */
  trainParams: Params;
  /** The trial's seed (its `seed` parameter, else the search's): trials with the same train-stage parameters and seed train identically. */
  seed: number;
  /** The seed of this evaluation (sampling, noise): `seed` on a trial's first evaluation, another on each repeat (evaluationSeed). */
  evaluationSeed: number;
  /** A directory owned by this trial (a train stage's: by its train key): request file, checkpoints (checkpointDirOf). Survives retries. */
  workDir: string;
  /** Where trainers record the process groups they start, so a restarted worker can reap what a killed one left. */
  processDir: string;
  signal: AbortSignal;
  report(progress: ProgressReport): void;
  /** A line of the trainer's own output (stderr, stdout that is not a protocol message), kept with the attempt's logs. */
  log?(line: string): void;
  /** The trainer wrote a complete checkpoint `name` in its checkpoint directory; absent where nothing copies checkpoints off this machine. */
  checkpointSaved?(name: string): void;
}

/**
 * What one attempt of a trial produced; stored as the trial's result (`recordTrialResult`).
 * `evaluations`: a success evaluated more than once, its metrics being the means (see activities/evaluations.ts).
 * `trainingReused`: set by train-once-evaluate-many when the trial evaluated a model trained for an earlier trial.
 */
export type TrialOutcome = { metrics: Record<string, number>; trainingReused?: boolean } & (
  | { status: 'succeeded'; evaluations?: EvaluationSummary }
  | { status: 'diverged' | 'failed'; error: string }
  | { status: 'pruned'; error: string; prunedAtStep: number }
);

export type TrainOutcome =
  | { status: 'succeeded'; metrics: Record<string, number> }
  | { status: 'diverged' | 'failed'; metrics: Record<string, number>; error: string };

/**
 * A trainer whose training depends only on train-stage parameters: trials that share those (the same
 * train key) train once, into `modelDir`, and are each evaluated with their own eval-stage parameters.
 */
export interface TrainerStages {
  /** Trains into modelDir, resuming from the checkpoints in its checkpoint directory (checkpointDirOf(ctx.workDir)) after a crash. */
  train(ctx: TrialContext, modelDir: string): Promise<TrainOutcome>;
  /** Evaluates the model in modelDir with the trial's eval-stage parameters; metrics include train metrics. */
  evaluate(ctx: TrialContext, modelDir: string, trained: Record<string, number>): Promise<TrialOutcome>;
}

export interface Trainer extends TrainerDescriptor {
  run(ctx: TrialContext): Promise<TrialOutcome>;
  /** When present, the worker trains once per train key and evaluates many times. */
  stages?: TrainerStages;
}
