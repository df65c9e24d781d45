import { ApiProblem, ServerUnreachable } from '../../client/index';

export const ExitCode = {
  ok: 0,
  /** The search failed or was cancelled (or the server failed to answer). */
  searchFailed: 1,
  /** Bad arguments, or a request the API rejected (the problem's field errors are printed). */
  usage: 2,
  unreachable: 3,
} as const;

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
    if (problem.errors?.length) for (const e of problem.errors) print(`  ${e.field}: ${e.message}`);
    else print(`  ${problem.detail}`);
    return error.status >= 500 ? ExitCode.searchFailed : ExitCode.usage;
  }
  print(`hpsearch: ${(error as Error).message ?? String(error)}`);
  return ExitCode.searchFailed;
}
