import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../problem';

export const idParamsSchema = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

export const limitSchema = z.coerce.number().int().min(1).max(200).default(20);
export const cursorSchema = z.string().max(500).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page').optional();

const position = (what: string) => z.number().int().min(1).optional().meta({ description: `${what} (1-based) in the body text, for a body that could not be parsed` });

export const fieldErrorSchema = z
  .object({
    in: z.string().meta({ description: 'where the field is: body, querystring, params or headers' }),
    field: z.string().meta({ description: 'dotted path of the field at fault, e.g. budget.parallelism; (root) for the whole body' }),
    message: z.string(),
    line: position('the line'),
    column: position('the column'),
  })
  .meta({ id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: `RFC 9457 problem details, sent as ${PROBLEM_CONTENT_TYPE}` });

export const problemResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemSchema]));

export const timestampSchema = z.iso.datetime();
