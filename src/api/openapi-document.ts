import { STATUS_CODES } from 'node:http';
import type { TrainerDescriptor } from '../trainers/types';
import { conditionalOperations, etagHeaderDescription } from './conditional';
import { PROBLEM_CONTENT_TYPE } from './problem';

interface Operation {
  operationId?: string;
  requestBody?: { required?: boolean; content?: Record<string, { examples?: Record<string, unknown>; schema?: { $ref?: string } }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }>; links?: Record<string, unknown>; headers?: Record<string, unknown> }>;
  security?: Record<string, string[]>[];
}

interface Document {
  info?: { description?: string };
  servers?: { url: string; description?: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Record<string, unknown>>; securitySchemes?: Record<string, unknown> };
}

const problemRef = { $ref: '#/components/schemas/Problem' };
const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } } });

/** Answers every route can give besides its own, with when. */
const everyRoute = {
  405: problem('another method than the path allows (the Allow header lists them)'),
  421: problem('the Host header names a host not in ALLOWED_HOSTS'),
  429: problem('more requests than RATE_LIMIT_PER_MINUTE from this caller (its API key, else its address)'),
  431: problem('the request line and headers together are over 64 KiB'),
};
const apiRoute = {
  401: problem('API_KEYS is set and the request carries no valid key where one is needed (changes; reads too with READS_REQUIRE_KEY)'),
  503: problem('the database (or, for changes, Temporal) cannot be reached; Retry-After says when to try again'),
};
const withBody = {
  413: problem('the body is larger than BODY_LIMIT_BYTES'),
};
const change = {
  415: problem('the body is neither application/json nor application/yaml; without an API key a change must declare one of them even with no body'),
};

/** What a conditional read's 200 carries, for a later If-None-Match. */
const conditionalHeaders = {
  ETag: { description: etagHeaderDescription, schema: { type: 'string' } },
  'Cache-Control': { description: 'no-cache: a cache must ask again (with If-None-Match) before reusing the answer', schema: { type: 'string' } },
};

/** What a created search leads to: the operations that take its id (for clients and stateful API testing); its best trial is not among them, as it exists only once a trial succeeded. */
const searchLinks = Object.fromEntries(
  ['getSearch', 'listTrials', 'listSearchEvents', 'cancelSearch', 'resumeSearch'].map((operationId) => [
    operationId,
    { operationId, parameters: { id: '$response.body#/id' } },
  ]),
);

/** A spec that runs on every server: the built-in synthetic trainer. */
const exampleSpec = {
  name: 'learning-rate sweep',
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  budget: { maxTrials: 4, parallelism: 2 },
  trainer: { name: 'synthetic' },
  space: {
    learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true },
    lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine'] },
  },
  fixed: { steps: 3 },
};

/**
 * What a spec must hold for each trainer the server offers (its name, a metric it reports, parameters it
 * accepts), so that a generator builds specs the server takes. The server validates the same in code.
 * The variants exclude each other by `trainer.name`, so `anyOf` means what `oneOf` would.
 */
function trainerVariants(trainers: Iterable<TrainerDescriptor>): Record<string, unknown>[] {
  return [...trainers].map((trainer) => {
    const parameters = trainer.acceptsExtraParameters ? {} : { propertyNames: { enum: Object.keys(trainer.parameters) } };
    return {
      properties: {
        trainer: { properties: { name: { const: trainer.name } } },
        objective: { properties: { metric: { enum: [...trainer.metrics] } } },
        space: parameters,
        fixed: parameters,
      },
    };
  });
}

/**
 * Completes the generated document with what the routes' schemas cannot say: errors are problem+json,
 * the answers every route may give, response descriptions, how callers authenticate, and what a spec
 * needs for each trainer on offer.
 */
export function completeOpenApiDocument<T>(generated: T, trainers: Iterable<TrainerDescriptor>): T {
  const document = generated as Document;
  document.components ??= {};
  document.components.securitySchemes = {
    bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API key from API_KEYS, as Authorization: Bearer <key>' },
    apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'the same key, as X-API-Key' },
  };
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const responses = (operation.responses ??= {});
      for (const [status, response] of Object.entries(responses)) {
        const code = Number(status);
        if (!response.description || response.description === 'Default Response') response.description = STATUS_CODES[code] ?? status;
        const json = response.content?.['application/json'];
        if (code >= 400 && json?.schema?.$ref === problemRef.$ref) response.content = { [PROBLEM_CONTENT_TYPE]: json };
      }
      const extra = { ...everyRoute, ...(path.startsWith('/v1/') ? apiRoute : {}), ...(operation.requestBody ? withBody : {}), ...(method === 'get' || method === 'head' ? {} : change) };
      for (const [status, response] of Object.entries(extra)) responses[status] ??= response;
      // /v1/ takes a key where API_KEYS is set (and none where it is not); the rest is open
      operation.security = path.startsWith('/v1/') ? [{}, { bearerAuth: [] }, { apiKeyHeader: [] }] : [];
      // resume takes an optional body ({} or none: resume as it was)
      if (operation.operationId === 'resumeSearch' && operation.requestBody) operation.requestBody.required = false;
      if ((conditionalOperations as readonly (string | undefined)[]).includes(operation.operationId) && responses['200']) responses['200'].headers = conditionalHeaders;
      if (operation.operationId === 'getBestTrial' && responses['200']) responses['200'].links = { getTrial: { operationId: 'getTrial', parameters: { id: '$response.body#/id' } } };
      if (operation.operationId === 'listTrials' && responses['200'])
        responses['200'].links = { getTrial: { operationId: 'getTrial', parameters: { id: '$response.body#/items/0/id' } } };
      if (operation.operationId === 'createSearch') {
        for (const status of ['200', '201']) if (responses[status]) responses[status].links = searchLinks;
        const json = operation.requestBody?.content?.['application/json'];
        if (json) json.examples = { synthetic: { summary: 'a random search with the built-in synthetic trainer', value: exampleSpec } };
        const specSchema = document.components.schemas?.[json?.schema?.$ref?.split('/').pop() ?? ''];
        if (specSchema) specSchema.anyOf = trainerVariants(trainers);
      }
    }
  }
  dropUnreferencedSchemas(document);
  return generated;
}

/** The `$ref`s anywhere in `value`. */
function* references(value: unknown): Generator<string> {
  if (Array.isArray(value)) for (const item of value) yield* references(item);
  else if (value !== null && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') yield child;
      else yield* references(child);
    }
}

/**
 * Removes the schemas no operation reaches: every schema with an id is generated twice, as the
 * request (`…Input`) and the response form, and most are used only one way.
 */
function dropUnreferencedSchemas(document: Document): void {
  const schemas = document.components?.schemas;
  if (!schemas) return;
  const prefix = '#/components/schemas/';
  const reached = new Set<string>();
  const pending = [...references(document.paths)];
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const name = ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
    if (name === undefined || reached.has(name) || !schemas[name]) continue;
    reached.add(name);
    pending.push(...references(schemas[name]));
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}
