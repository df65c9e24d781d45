/** A search's or trial's labels, as the user set them: `key: value`, both strings (bounds in src/api/schemas/annotations.ts). */
export type Tags = Record<string, string>;

/** A `tag=key:value` filter: the tags must hold this key with this value. */
export interface TagFilter {
  key: string;
  value: string;
}

/** What a PATCH changes: notes replaced, tags set and removed (a merge), the archive flag. */
export interface AnnotationChange {
  notes?: string;
  setTags?: Tags;
  removeTags?: readonly string[];
  archived?: boolean;
}
