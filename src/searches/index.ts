export { cancelSearch } from './cancel';
export { createSearch, type Created, type CreateOptions } from './create';
export type { Caller, SearchDeps } from './deps';
export { IdempotencyKeyReused, InvalidSpec, ResumeRejected, SearchAlreadyFinished, SearchError, SearchNotFound, Unavailable } from './errors';
export { searchImportance, type SearchImportance } from './importance';
export { bestTrialOf, describeSearch, exportSearchTrials, findOwnSearch, findSearch, listSearchSummaries, listSearchTrials, searchEvents, type Page, type SearchSummary, type TrialExport } from './read';
export { recoverInterruptedSearches, resumeOwnSearch, resumeSearch, type ResumeOutcome } from './resume';
export type { SweepControl } from './sweeps';
