/** A search's or trial's labels, as the user set them: `key: value`, both strings (bounds in src/api/schemas/annotations.ts). */
export type Tags = Record<string, string>;
