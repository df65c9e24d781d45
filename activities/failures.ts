import { ApplicationFailure, Context } from '@temporalio/activity';

/**
 * What can go wrong in a sweep activity that retrying will not fix, and how many attempts each gets
 * before its ApplicationFailure (typed with the kind's name) becomes non-retryable and the workflow ends
 * the sweep `failed`. Any other error is an infrastructure fault (database unreachable, connection reset,
 * Temporal) and is thrown unchanged, for the workflow's retry policy to retry without limit.
 */
export const failureKinds = {
  /** The search's row is gone. */
  SearchNotFound: { attempts: 1 },
  /** The stored resolved spec is not one this worker can run (written by another version, or edited). */
  InvalidSearch: { attempts: 1 },
  /** The search algorithm threw: a bug, given a few attempts to ride out a flake. */
  SearchAlgorithmError: { attempts: 3 },
} as const satisfies Record<string, { attempts: number }>;

export type FailureKind = keyof typeof failureKinds;

/** An error of a known kind; `toActivityFailure` turns it into the failure Temporal records. */
export class ActivityError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = kind;
  }
}

/** What an activity on its `attempt`th attempt throws for `error`. */
export function toActivityFailure(error: unknown, attempt: number): unknown {
  if (!(error instanceof ActivityError)) return error;
  return ApplicationFailure.create({
    type: error.kind,
    message: error.message,
    nonRetryable: attempt >= failureKinds[error.kind].attempts,
    ...(error.cause instanceof Error ? { cause: error.cause } : {}),
  });
}

type Activity = (input: never) => Promise<unknown>;

/** The same activities, their errors mapped by `toActivityFailure`. */
export function withFailureKinds<T extends Record<string, Activity>>(activities: T): T {
  const mapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (input: never) => {
      try {
        return await activity(input);
      } catch (error) {
        throw toActivityFailure(error, Context.current().info.attempt);
      }
    },
  ]);
  return Object.fromEntries(mapped) as T;
}
