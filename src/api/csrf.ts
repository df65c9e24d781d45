import type { FastifyInstance } from 'fastify';
import { isMutating } from './auth';
import { JSON_TYPES, YAML_TYPES } from './body-parsers';
import { ProblemError } from './problem';

const DECLARABLE = new Set<string>([...JSON_TYPES, ...YAML_TYPES]);

/**
 * A page on another site can make a browser send a POST only as a "simple" request: no content type,
 * text/plain, or a form. So a mutation must declare JSON or YAML (which needs a CORS preflight this
 * server never grants) unless it carries a valid API key, which such a page does not have.
 */
export function rejectCrossSiteMutations(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.is404 || !isMutating(request.method) || request.caller !== undefined) return;
    const mediaType = request.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
    if (mediaType !== undefined && DECLARABLE.has(mediaType)) return;
    throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', `a ${request.method} without an API key must declare its body as ${[...DECLARABLE].join(', ')} (even when it has none)`, [
      { in: 'headers', field: 'content-type', message: mediaType === undefined ? 'is required' : `'${mediaType.slice(0, 100)}' is not JSON or YAML` },
    ]);
  });
}
