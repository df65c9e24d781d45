import { IdempotencyKeyReused, IncomparableSearches, InvalidChange, InvalidSpec, ResumeRejected, SearchAlreadyFinished, SearchNotFound, SearchStillOpen, TrialNotFound, Unavailable, type SearchError } from '../searches/index';
import { invalidRequest, notFound, ProblemError, unavailable } from './problem';

/** The one translation of the search lifecycle's refusals into problems. */
export function problemOf(error: SearchError): ProblemError {
  if (error instanceof SearchNotFound) return notFound('search', error.searchId);
  if (error instanceof TrialNotFound) return notFound('trial', error.trialId);
  if (error instanceof InvalidChange) return invalidRequest([{ in: 'body', field: error.field, message: error.message }]);
  if (error instanceof SearchStillOpen)
    return new ProblemError(409, 'search-open', 'Search still open', error.message, [{ in: 'querystring', field: 'force', message: 'set force=true to cancel the search and delete it once its sweep has stopped' }]);
  if (error instanceof InvalidSpec) return invalidRequest(error.issues.map((issue) => ({ in: 'body', field: issue.path.join('.'), message: issue.message })));
  if (error instanceof SearchAlreadyFinished) return new ProblemError(409, 'search-finished', 'Search already finished', error.message);
  if (error instanceof ResumeRejected)
    return new ProblemError(409, 'cannot-resume', 'Cannot resume', error.message, error.field ? [{ in: 'body', field: error.field, message: error.message }] : undefined);
  if (error instanceof IdempotencyKeyReused)
    return new ProblemError(422, 'idempotency-key-reused', 'Idempotency-Key reused', error.message, [{ in: 'headers', field: 'idempotency-key', message: error.message }]);
  if (error instanceof IncomparableSearches) return invalidRequest([{ in: 'querystring', field: 'searches', message: error.message }]);
  if (error instanceof Unavailable) return unavailable(error.service, error.message);
  return new ProblemError(500, 'internal', 'Internal error', 'the server failed to answer; the error is in its log');
}
