export { cancelSearch } from './cancel';
export { createSearch } from './create';
export type { Caller, SearchDeps } from './deps';
export { InvalidSpec, ResumeRejected, SearchAlreadyFinished, SearchError, SearchNotFound, Unavailable } from './errors';
export { bestTrialOf, describeSearch, findSearch, listSearchSummaries, listSearchTrials, searchEvents, type Page, type SearchSummary } from './read';
export { recoverInterruptedSearches, resumeOwnSearch, resumeSearch, type ResumeOutcome } from './resume';
export type { SweepControl } from './sweeps';
