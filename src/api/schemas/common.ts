import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../problem';

export const idParamsSchema = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

export const limitSchema = z.coerce.number().int().min(1).max(200).default(20);
export const cursorSchema = z.string().max(500).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page').optional();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ in: z.string(), field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: `RFC 9457 problem details, sent as ${PROBLEM_CONTENT_TYPE}` });

export const problemResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemSchema]));

export const timestampSchema = z.iso.datetime();
