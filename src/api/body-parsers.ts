import type { FastifyInstance } from 'fastify';
import { LineCounter, parseDocument } from 'yaml';
import { invalidRequest, ProblemError, type FieldError } from './problem';
import { unstorableFields } from './stored-text';

/** The media types a body may have: also what a mutation without an API key must declare (see csrf.ts). */
export const JSON_TYPES = ['application/json'] as const;
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'] as const;

type Done = (err: Error | null, value?: unknown) => void;

/** Syntax errors listed in one answer; a garbled body has as many as it has lines. */
const MAX_YAML_ERRORS = 20;

const invalidYaml = (errors: FieldError[]) =>
  new ProblemError(400, 'invalid-yaml', 'Invalid YAML', `the body is not valid YAML: ${errors.map((e) => (e.line ? `line ${e.line}, column ${e.column}: ${e.message}` : e.message)).join('; ')}`, errors);

/** The body's one YAML document, or an invalid-yaml problem with the line and column of each syntax error. */
function parseYamlBody(text: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
  if (document.errors.length > 0) {
    throw invalidYaml(
      document.errors.slice(0, MAX_YAML_ERRORS).map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { in: 'body', field: '(root)', message: error.message, line, column: col };
      }),
    );
  }
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw invalidYaml([{ in: 'body', field: '(root)', message: (error as Error).message }]);
  }
}

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
      done(null, parseYamlBody(body as string));
    } catch (error) {
      done(error as Error);
    }
  });
  app.addHook('preValidation', async (request) => {
    const errors = unstorableFields(request.body);
    if (errors.length > 0) throw invalidRequest(errors);
  });
}
