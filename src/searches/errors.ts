import type { SearchStatus } from '../status';
import type { SpecIssue } from '../search-spec/resolve';

/** What the search lifecycle refuses or cannot do, independent of how the caller reached it (HTTP, CLI, activity). */
export abstract class SearchError extends Error {}

/** No search has this id, or none the caller may see. */
export class SearchNotFound extends SearchError {
  constructor(readonly searchId: string) {
    super(`search ${searchId} does not exist`);
  }
}

/** The spec does not validate against the trainers this server offers. */
export class InvalidSpec extends SearchError {
  constructor(readonly issues: readonly SpecIssue[]) {
    super(issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
}

/** No trial has this id, or none the caller may see. */
export class TrialNotFound extends SearchError {
  constructor(readonly trialId: string) {
    super(`trial ${trialId} does not exist`);
  }
}

/** A change that only a settled search accepts (a delete without force). */
export class SearchStillOpen extends SearchError {
  constructor(
    readonly searchId: string,
    readonly status: SearchStatus,
  ) {
    super(`search ${searchId} is ${status}: cancel it first, or delete it with force=true, which cancels it and waits for its sweep to stop`);
  }
}

/** A request field whose value the search lifecycle refuses given what is stored (the schema at the edge took it). */
export class InvalidChange extends SearchError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A change that only an unfinished search accepts. */
export class SearchAlreadyFinished extends SearchError {
  constructor(
    readonly searchId: string,
    readonly status: SearchStatus,
  ) {
    super(`search ${searchId} already ${status}`);
  }
}

/** An idempotency key already created a search from another spec. */
export class IdempotencyKeyReused extends SearchError {
  constructor(readonly searchId: string) {
    super(`this Idempotency-Key already created search ${searchId} from a different spec`);
  }
}

export class ResumeRejected extends SearchError {
  /** `field`: the request field at fault, when one is. */
  constructor(
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** No live worker offers the search's trainer now (it may register soon: workers announce themselves a few seconds after they start). */
export class TrainerNotOffered extends ResumeRejected {
  constructor(trainer: string) {
    super(undefined, `no live worker offers trainer '${trainer}' now`);
  }
}

/** Searches asked to be compared measure different objectives. */
export class IncomparableSearches extends SearchError {}

/** A service the lifecycle needs (Temporal) did not answer; the operation did not take effect. */
export class Unavailable extends SearchError {
  constructor(
    readonly service: string,
    message: string,
  ) {
    super(message);
  }
}
