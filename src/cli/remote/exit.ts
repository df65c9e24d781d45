import { ApiProblem, ServerUnreachable, type Search } from '../../client/index';
import { isUnsuccessfulSearch } from '../../status';

/** The exit codes of the commands that talk to the API (README, CLI). */
export const ExitCode = {
  ok: 0,
  /** The search failed, was cancelled or is interrupted (or the server failed to answer). */
  searchFailed: 1,
  /** Bad arguments, or a request the API rejected (the problem's field errors are printed). */
  usage: 2,
  unreachable: 3,
  /** `best`: the search has no succeeded trial yet. */
  noSucceededTrial: 4,
  /** A watch was stopped with Ctrl-C; the search goes on (128 + SIGINT, as a shell reports it). */
  detached: 130,
} as const;

/** What a command that reports a search's status exits with. */
export const searchExitCode = (search: Search) => (isUnsuccessfulSearch(search.status) ? ExitCode.searchFailed : ExitCode.ok);

/** Ends the command with `code`, printing `message` on stderr. */
export class CliExit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** Prints what went wrong on stderr and says which exit code it means. */
export function reportError(error: unknown, print: (line: string) => void): number {
  if (error instanceof CliExit) {
    print(`hpsearch: ${error.message}`);
    return error.code;
  }
  if (error instanceof ServerUnreachable) {
    print(`hpsearch: ${error.message}`);
    return ExitCode.unreachable;
  }
  if (error instanceof ApiProblem) {
    const { problem } = error;
    print(`hpsearch: ${problem.title} (HTTP ${error.status})`);
    if (problem.errors?.length) for (const e of problem.errors) print(`  ${e.field}${e.line ? ` (line ${e.line}, column ${e.column})` : ''}: ${e.message}`);
    else print(`  ${problem.detail}`);
    return error.status >= 500 ? ExitCode.searchFailed : ExitCode.usage;
  }
  print(`hpsearch: ${(error as Error).message ?? String(error)}`);
  return ExitCode.searchFailed;
}
