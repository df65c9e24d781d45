import type { FieldError } from './problem';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why Postgres (text, jsonb) cannot store this string, if it cannot. */
function unstorable(text: string): string | undefined {
  if (text.includes('\0')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** A path segment as it can be shown in a problem: the offending characters escaped. */
const printable = (segment: string) =>
  segment.replace(/\0|[\ud800-\udfff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Every place in a parsed JSON or YAML body that would not survive storage or would be dropped
 * without a word: strings (keys or values) with NUL or lone surrogates, and `__proto__` keys, which
 * plain-object copies turn into a prototype instead of a field.
 */
export function unstorableFields(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  // YAML anchors make shared and even cyclic structures: each object is looked at once
  const seen = new Set<object>();
  const at = (path: string[]) => path.map(printable).join('.') || '(root)';
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    if (typeof value === 'string') {
      const problem = unstorable(value);
      if (problem) errors.push({ in: 'body', field: at(path), message: problem });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: [...path, String(index)] }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const keyProblem = key === '__proto__' ? 'is a reserved name (__proto__)' : unstorable(key);
        if (keyProblem) errors.push({ in: 'body', field: at([...path, key]), message: `the key ${keyProblem}` });
        else pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return errors;
}
