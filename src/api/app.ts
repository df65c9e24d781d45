import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerApiMetrics } from '../observability/api-metrics';
import { AnswerCache } from './answer-cache';
import { registerDashboard } from './dashboard';
import { identifyCallers, requireApiKeys } from './auth';
import { registerBodyParsers } from './body-parsers';
import { rejectCrossSiteMutations } from './csrf';
import { defaultLimits, type AppDeps } from './deps';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandling } from './errors';
import { restrictHosts } from './hosts';
import { answerWrongMethods } from './methods';
import { completeOpenApiDocument } from './openapi-document';
import { ProblemError } from './problem';
import { compareRoutes } from './routes/compare';
import { healthRoutes } from './routes/health';
import { searchRoutes } from './routes/searches';
import { trainerRoutes } from './routes/trainers';
import { trialRoutes } from './routes/trials';
import { registerSecurityHeaders } from './security-headers';
import { confineToTenant } from './tenancy';

export const API_VERSION = '0.1.0';

/** Request line and headers together: Node's 16 KiB default refuses a schema-valid query (64 metric names, or 16 filter clauses, percent-encoded) with 431 before validation can name the field. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** The Fastify app, not listening: the server wraps it, tests inject into it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const limits = deps.limits ?? defaultLimits;
  const keys = deps.apiKeys ?? [];
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: limits.bodyLimitBytes,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerBodyParsers(app, limits.bodyLimitBytes);
  // onRequest hooks run in this order: headers on every answer, host, method, caller, rate limit, key, content type
  await registerSecurityHeaders(app);
  restrictHosts(app, deps.access?.allowedHosts);
  answerWrongMethods(app);
  identifyCallers(app, keys);
  await app.register(rateLimit, {
    max: limits.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => (request.caller !== undefined ? `key:${request.caller}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, 'too-many-requests', 'Too many requests', `more than ${context.max} requests in ${context.after === undefined ? 'a minute' : `a minute; retry in ${context.after}`}`),
  });
  requireApiKeys(app, { keys, readsRequireKey: deps.access?.readsRequireKey ?? keys.length > 0 });
  rejectCrossSiteMutations(app);
  confineToTenant(app, deps.database.db);
  const answers = new AnswerCache(limits.answerCacheBytes);
  registerApiMetrics(app, deps.database.db, answers);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hpsearch',
        description: 'Hyperparameter-search orchestrator API. Errors are application/problem+json.',
        version: API_VERSION,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'the server that serves this document' }],
      tags: [
        { name: 'searches', description: 'Search specs and their sweeps' },
        { name: 'trials', description: 'Trials and their metric curves' },
        { name: 'trainers', description: 'Trainers on offer and the workers that run them' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => completeOpenApiDocument(jsonSchemaTransformObject(input), deps.trainers.builtIns),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(deps));
  await app.register(searchRoutes(deps, answers), { prefix: '/v1' });
  await app.register(trialRoutes(deps), { prefix: '/v1' });
  await app.register(trainerRoutes(deps), { prefix: '/v1' });
  await app.register(compareRoutes(deps), { prefix: '/v1' });
  await registerDashboard(app);
  return app;
}
