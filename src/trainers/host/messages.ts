import type { ProgressReport, TrainOutcome, TrialContext, TrialOutcome } from '../types';

/** A trial context as it crosses the process boundary: everything but the signal and the callbacks. */
export type HostedTrialContext = Omit<TrialContext, 'signal' | 'report' | 'checkpointSaved'>;

/** Which trainer entry point a hosted call runs. */
export type HostedCall =
  | { call: 'run'; trainer: string; ctx: HostedTrialContext }
  | { call: 'train'; trainer: string; ctx: HostedTrialContext; modelDir: string }
  | { call: 'evaluate'; trainer: string; ctx: HostedTrialContext; modelDir: string; trained: Record<string, number> };

export type ToHost =
  /** maxPendingReports: reports the host may hold while the worker has not taken the previous batch. */
  | ({ type: 'run'; maxPendingReports: number } & HostedCall)
  /** The worker has taken the last batch of reports: the host may send the next. */
  | { type: 'ack' }
  | { type: 'abort'; reason: string };

export type FromHost =
  | { type: 'ready' }
  /** Sent every ALIVE_INTERVAL_MS while the host's event loop runs: a silent host is blocked. */
  | { type: 'alive' }
  /** The next batch of the call's progress reports and of its output lines (TrialContext.log). */
  | { type: 'reports'; reports: ProgressReport[]; logs: string[] }
  /** The trainer reported a complete checkpoint (TrialContext.checkpointSaved). */
  | { type: 'checkpoint'; name: string }
  | { type: 'result'; outcome: TrialOutcome | TrainOutcome }
  /** retryable: the call threw a RetryableTrainerError. */
  | { type: 'error'; message: string; retryable: boolean };

export const ALIVE_INTERVAL_MS = 1_000;
