/** The parameters a search varies, in its spec's order (its `fixed` values are not among them). */
export const searchedParameters = (search: { parameters: readonly { name: string }[] }): string[] => search.parameters.map((p) => p.name);
