import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem';

/** A route pattern (`/v1/searches/:id`, `/ui/*`) as a regular expression over paths. */
function patternRegExp(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * A path that has routes, asked with another method, answers 405 with Allow rather than 404. Decided
 * when the request arrives, before Fastify reads a body for it (QUERY without a content type is a 400
 * there). Register before the routes: it learns them as they are added.
 */
export function answerWrongMethods(app: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    routes.push({ pattern: patternRegExp(route.url), methods: [route.method].flat() });
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))].sort();
    if (allowed.length === 0 || allowed.includes(request.method)) return;
    reply.header('allow', allowed.join(', '));
    throw new ProblemError(405, 'method-not-allowed', 'Method not allowed', `${path} answers ${allowed.join(', ')}, not ${request.method}`);
  });
}
