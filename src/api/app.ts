import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { parse as parseYaml } from 'yaml';
import { registerApiMetrics } from '../observability/api-metrics';
import { registerDashboard } from './dashboard';
import { registerApiKeys } from './auth';
import { defaultLimits, type AppDeps } from './deps';
import { frameworkErrorHandler, registerErrorHandling } from './errors';
import { completeOpenApiDocument } from './openapi-document';
import { ProblemError } from './problem';
import { healthRoutes } from './routes/health';
import { searchRoutes } from './routes/searches';
import { trialRoutes } from './routes/trials';

export const API_VERSION = '0.1.0';

function yamlBody(_request: unknown, body: string, done: (err: Error | null, value?: unknown) => void): void {
  try {
    done(null, parseYaml(body, { maxAliasCount: 100, logLevel: 'error' }));
  } catch (error) {
    done(new ProblemError(400, 'invalid-yaml', 'Invalid YAML', `the body is not valid YAML: ${(error as Error).message}`, [{ in: 'body', field: '(root)', message: 'is not valid YAML' }]));
  }
}

/** The Fastify app, not listening: the server wraps it, tests inject into it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const limits = deps.limits ?? defaultLimits;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: limits.bodyLimitBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string', bodyLimit: limits.bodyLimitBytes }, yamlBody);
  registerErrorHandling(app);
  await app.register(rateLimit, {
    max: limits.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.headers.authorization ?? (request.headers['x-api-key'] as string | undefined) ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, 'too-many-requests', 'Too many requests', `more than ${context.max} requests in ${context.after === undefined ? 'a minute' : `a minute; retry in ${context.after}`}`),
  });
  registerApiKeys(app, deps.apiKeys ?? []);
  registerApiMetrics(app, deps.database.db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'hpsearch', description: 'Hyperparameter-search orchestrator API. Errors are application/problem+json.', version: API_VERSION },
      tags: [
        { name: 'searches', description: 'Search specs and their sweeps' },
        { name: 'trials', description: 'Trials and their metric curves' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => completeOpenApiDocument(jsonSchemaTransformObject(input), deps.trainers.values()),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(deps));
  await app.register(searchRoutes(deps), { prefix: '/v1' });
  await app.register(trialRoutes(deps), { prefix: '/v1' });
  await registerDashboard(app);
  return app;
}
