import { builtInTrainers } from './registry';
import type { TrainerDescriptor } from './types';

let builtInNames: ReadonlySet<string> | undefined;

/** Whether the name is one of the trainers built into every worker (`synthetic`, `nsmc`). */
export function isBuiltInTrainer(name: string): boolean {
  builtInNames ??= new Set(builtInTrainers().map((t) => t.name));
  return builtInNames.has(name);
}

/**
 * The task queue a trainer's trials go to, which every worker that has the trainer polls: its own
 * `taskQueue` when it names one; the trial queue for the built-ins, which every trial worker runs; else
 * `<trial queue>.<name>`, so that its trials never reach a worker without it.
 */
export function trialTaskQueueOf(trainer: Pick<TrainerDescriptor, 'name' | 'taskQueue'>, trialTaskQueue: string): string {
  return trainer.taskQueue ?? (isBuiltInTrainer(trainer.name) ? trialTaskQueue : `${trialTaskQueue}.${trainer.name}`);
}

/**
 * Whether a worker on `trialTaskQueue` runs (and registers) the trainer: one that names another queue is
 * left to the workers of that queue, so one trainers file can serve CPU and GPU workers alike.
 */
export function servesTrainer(trainer: Pick<TrainerDescriptor, 'taskQueue'>, trialTaskQueue: string): boolean {
  return trainer.taskQueue === undefined || trainer.taskQueue === trialTaskQueue;
}
