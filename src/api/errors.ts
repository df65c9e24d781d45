import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/retry';
import { SearchError } from '../searches/index';
import { problemOf } from './domain-problems';
import { invalidRequest, PROBLEM_CONTENT_TYPE, ProblemError, unavailable, type FieldError } from './problem';

function validationErrors(error: FastifyError): FieldError[] {
  const where = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean);
    const { keys, issues } = issue.params as { keys?: string[]; issues?: { message: string }[] };
    if (issue.keyword === 'unrecognized_keys' && keys?.length) path.push(keys[0]!);
    // a blank key would make an invisible field name
    const field = path.map((segment) => (segment.trim() === '' ? JSON.stringify(segment) : segment)).join('.');
    // a record key's own complaint says more than zod's 'Invalid key in record'
    const message = issue.keyword === 'invalid_key' && issues?.[0] ? issues[0].message : issue.message;
    return { in: where, field: field || '(root)', message: message ?? 'is invalid' };
  });
}

/** Where Fastify's own rejections (before validation) are at fault. */
function frameworkFieldError(error: FastifyError): FieldError {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { in: 'headers', field: 'content-type', message: error.message };
  return { in: 'body', field: '(root)', message: error.message };
}

const slug = (status: number) => (STATUS_CODES[status] ?? 'bad request').toLowerCase().replace(/[^a-z]+/g, '-');

/** Maps every error to problem+json; 5xx details stay in the log. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem: ProblemError;
    if (error instanceof ProblemError) problem = error;
    else if (error instanceof SearchError) problem = problemOf(error);
    else if (hasZodFastifySchemaValidationErrors(error)) problem = invalidRequest(validationErrors(error));
    else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
      problem = new ProblemError(error.statusCode, slug(error.statusCode), STATUS_CODES[error.statusCode] ?? 'Bad request', error.message, [frameworkFieldError(error)]);
    else if (isDatabaseUnavailable(error)) problem = unavailable('Database', 'the database cannot be reached; retry shortly');
    else {
      request.log.error({ err: error }, 'request failed');
      problem = new ProblemError(500, 'internal', 'Internal error', 'the server failed to answer; the error is in its log');
    }
    if (problem.status >= 500) request.log.warn({ problem: problem.message }, 'answered with a server error');
    if (problem.status === 503) reply.header('retry-after', '5');
    reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.url));
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = new ProblemError(404, 'no-route', 'Not found', `no route ${request.method} ${request.url.split('?')[0]}`);
    reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.url));
  });
}

/** Fastify's router rejections (bad percent-encoding, over-long parameters) as problems. */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const problem = new ProblemError(status, slug(status), STATUS_CODES[status] ?? 'Bad request', error.message.slice(0, 300), [
    { in: 'params', field: '(url)', message: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'is not a valid URL' },
  ]);
  reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem());
}

/** Node's HTTP parser's rejections (headers too large, malformed requests, timeouts): answered on the socket, before Fastify has a request. */
const CLIENT_ERROR_STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy(error);
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
  const title = STATUS_CODES[status] ?? 'Bad request';
  const problem = new ProblemError(status, slug(status), title, status === 431 ? 'the request headers are too large' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP', [
    { in: 'headers', field: '(request)', message: title },
  ]).toProblem();
  const body = JSON.stringify(problem);
  socket.end(`HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
