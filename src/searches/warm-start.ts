import type { Db } from '../db/index';
import type { ResolvedSpec, SpecIssue } from '../search-spec/resolve';
import { warmStartIncompatibility } from '../search-spec/warm-start';
import type { Caller } from './deps';
import { SearchNotFound } from './errors';
import { findOwnSearch } from './read';

/** An issue per warmStartFrom entry the caller cannot use: a search it cannot see (unknown, or another tenant's), or an incompatible one. */
export async function warmStartSourceIssues(db: Db, spec: ResolvedSpec, caller: Caller): Promise<SpecIssue[]> {
  const issues: SpecIssue[] = [];
  for (const [i, id] of (spec.warmStartFrom ?? []).entries()) {
    const source = await findOwnSearch(db, id, caller).catch((error: unknown) => {
      if (error instanceof SearchNotFound) return undefined;
      throw error;
    });
    const reason = source ? warmStartIncompatibility(spec, source.resolved) : `search ${id} does not exist`;
    if (reason) issues.push({ path: ['warmStartFrom', i], message: source ? `cannot warm-start from search ${id}: ${reason}` : reason });
  }
  return issues;
}
