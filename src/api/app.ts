import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { parse as parseYaml } from 'yaml';
import type { AppDeps } from './deps';
import { registerErrorHandling } from './errors';
import { ProblemError } from './problem';
import { healthRoutes } from './routes/health';
import { searchRoutes } from './routes/searches';
import { trialRoutes } from './routes/trials';

export const API_VERSION = '0.1.0';
const BODY_LIMIT = 1024 * 1024;

function yamlBody(_request: unknown, body: string, done: (err: Error | null, value?: unknown) => void): void {
  try {
    done(null, parseYaml(body, { maxAliasCount: 100 }));
  } catch (error) {
    done(new ProblemError(400, 'invalid-yaml', 'Invalid YAML', `the body is not valid YAML: ${(error as Error).message}`, [{ in: 'body', field: '(root)', message: 'is not valid YAML' }]));
  }
}

/** The Fastify app, not listening: the server wraps it, tests inject into it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: BODY_LIMIT });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string', bodyLimit: BODY_LIMIT }, yamlBody);
  registerErrorHandling(app);

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
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(deps));
  await app.register(searchRoutes(deps), { prefix: '/v1' });
  await app.register(trialRoutes(deps), { prefix: '/v1' });
  return app;
}
