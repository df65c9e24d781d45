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

/** Rows are created from 1970 on: an earlier or far-future instant was not written by this server, and Postgres may reject it. */
const createdAt = z.iso.datetime().refine((value) => {
  const ms = Date.parse(value);
  return ms >= 0 && ms < Date.UTC(10_000, 0, 1);
});

/** Last row of a page of searches: (created_at, id). */
export const searchCursorSchema = z.strictObject({ c: createdAt, i: z.uuid() });

/** Last row of a page of trials: the sort key it was read with, its ordinal (an int4 column) and its value of that key. */
export const trialCursorSchema = z.strictObject({ k: z.string().max(300), o: z.number().int().min(0).max(2 ** 31 - 1), v: z.number().nullable() });
