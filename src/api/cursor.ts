import { z } from 'zod';
import { invalidRequest } from './problem';

/** Opaque keyset cursors: base64url JSON, checked with a schema when they come back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidRequest([{ in: 'querystring', field: 'cursor', message: 'is not a cursor returned by a previous page' }]);
  return parsed.data;
}
