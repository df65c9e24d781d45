/** The parameter names whose values differ between these trials, in order of first appearance. */
export function varyingParameters(trials: readonly { params: Record<string, unknown> }[]): string[] {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  return names.filter((name) => new Set(trials.map((t) => JSON.stringify(t.params[name]))).size > 1);
}

/** The parameters a search varies, in its spec's order (its `fixed` values are not among them). */
export const searchedParameters = (search: { parameters: readonly { name: string }[] }): string[] => search.parameters.map((p) => p.name);
