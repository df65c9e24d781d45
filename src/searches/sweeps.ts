/** What the search lifecycle needs from the engine that runs sweeps (Temporal, in `src/temporal/sweep-control.ts`). */
export interface SweepControl {
  /** The id of the search's sweep in the engine, for links and logs. */
  workflowIdOf(searchId: string): string;
  /**
   * Starts the sweep; trials go to `trialTaskQueue`, else the configured trial queue. False when a run of
   * the search was open already (a concurrent caller started it): at most one run is ever open.
   */
  start(searchId: string, trialTaskQueue?: string): Promise<boolean>;
  /** Requests cancellation; false when no workflow runs for the search. */
  cancel(searchId: string): Promise<boolean>;
  /** Whether a workflow run of the search is open right now. */
  isRunning(searchId: string): Promise<boolean>;
  /** Waits up to `timeoutMs` for the open run to close; true when it did (or none was open). */
  waitForClose(searchId: string, timeoutMs: number): Promise<boolean>;
  /** Throws when the engine cannot be reached. */
  ping(): Promise<void>;
}

/** A sweep engine that refuses every call, for an app that only describes the API or serves reads. */
export function unavailableSweeps(why: string): SweepControl {
  const refuse = () => Promise.reject(new Error(why));
  return { workflowIdOf: (id) => id, start: refuse, cancel: refuse, isRunning: refuse, waitForClose: refuse, ping: refuse };
}
