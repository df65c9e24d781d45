import type { SearchSpec } from '../search-spec/search-spec';

/** The spec's parameter names as posted, the space's then the fixed ones: what `searches.parameter_order` keeps. */
export const postedParameterOrder = (spec: Pick<SearchSpec, 'space' | 'fixed'>): string[] => [...Object.keys(spec.space), ...Object.keys(spec.fixed)];

/**
 * The items in the posted order of their names. Names the order lacks (every name of a search stored before the
 * order was kept) follow it, by name.
 */
export function inPostedOrder<T>(items: readonly T[], nameOf: (item: T) => string, order: readonly string[] | null): T[] {
  const rank = new Map((order ?? []).map((name, i) => [name, i]));
  const unranked = rank.size;
  return [...items].sort((a, b) => {
    const [nameA, nameB] = [nameOf(a), nameOf(b)];
    return (rank.get(nameA) ?? unranked) - (rank.get(nameB) ?? unranked) || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
  });
}
