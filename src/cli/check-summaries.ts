import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { checkSearchSummaries, openDatabase, type SummaryCheck, type SummaryFacts } from '../db/index';
import { ExitCode } from './remote/exit';

const factsLine = (facts: SummaryFacts | null) =>
  facts ? `${Object.entries(facts.counts).map(([status, n]) => `${status} ${n}`).join(', ')}; best ${facts.bestTrialId ?? 'none'} (${facts.bestObjective ?? '-'})` : 'no summary';

/** The check's report, a few lines per search that differs. */
export function summaryCheckReport(check: SummaryCheck): string[] {
  const lines = check.mismatches.flatMap((m) => [`search ${m.searchId}: ${m.fields.join(', ')} differ`, `  stored:    ${factsLine(m.stored)}`, `  aggregate: ${factsLine(m.aggregate)}`]);
  const verdict = check.mismatches.length === 0 ? 'every summary equals its trials' : check.fixed ? `${check.mismatches.length} rewritten from their trials` : `${check.mismatches.length} differ (--fix rewrites them)`;
  return [...lines, `${check.checked} searches checked: ${verdict}`];
}

/**
 * `hpsearch check-summaries`: compares each search's stored summary with the aggregate over its trials,
 * in the database the service uses (DATABASE_URL, else the PGlite database in DATA_DIR, which only one
 * process can open: stop `start` first). Exits 1 when some differ and were not fixed.
 */
export async function checkSummariesCommand(options: { search?: string; fix?: boolean; json?: boolean }, config: Config = loadConfig()): Promise<number> {
  const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { pgliteDir: path.join(config.dataDir, 'pglite') });
  try {
    const check = await checkSearchSummaries(database.db, { ...(options.search ? { searchId: options.search } : {}), fix: options.fix === true });
    console.log(options.json ? JSON.stringify(check) : summaryCheckReport(check).join('\n'));
    return check.mismatches.length > 0 && !check.fixed ? ExitCode.searchFailed : ExitCode.ok;
  } finally {
    await database.close();
  }
}
