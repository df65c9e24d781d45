/**
 * An attempt that ended in a way another attempt may not: the trainer was killed by something other than
 * the worker (the OOM killer, `kill -9`) or stopped printing. The activity fails retryably, so Temporal
 * runs the trial again (up to TRIAL_MAX_ATTEMPTS), resuming from its checkpoint directory.
 */
export class RetryableTrainerError extends Error {
  override name = 'RetryableTrainerError';
}
