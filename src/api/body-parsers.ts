import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { invalidRequest, ProblemError } from './problem';
import { unstorableFields } from './stored-text';

/** The media types a body may have: also what a mutation without an API key must declare (see csrf.ts). */
export const JSON_TYPES = ['application/json'] as const;
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'] as const;

type Done = (err: Error | null, value?: unknown) => void;

/**
 * JSON and YAML bodies. An empty body reads as an empty object, so a body-less POST can declare a content type;
 * `__proto__` keys are kept as plain fields by the parsers and then rejected by name with the other
 * unstorable text (NUL, lone surrogates), before validation.
 */
export function registerBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  const json = app.getDefaultJsonParser('ignore', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser([...JSON_TYPES], { parseAs: 'string', bodyLimit }, (request, body, done) => {
    if (body === '') done(null, {});
    else void json(request, body as string, done);
  });
  app.addContentTypeParser([...YAML_TYPES], { parseAs: 'string', bodyLimit }, (_request, body, done: Done) => {
    if (body === '') return done(null, {});
    try {
      done(null, parseYaml(body as string, { maxAliasCount: 100, logLevel: 'error' }));
    } catch (error) {
      done(new ProblemError(400, 'invalid-yaml', 'Invalid YAML', `the body is not valid YAML: ${(error as Error).message}`, [{ in: 'body', field: '(root)', message: 'is not valid YAML' }]));
    }
  });
  app.addHook('preValidation', async (request) => {
    const errors = unstorableFields(request.body);
    if (errors.length > 0) throw invalidRequest(errors);
  });
}
