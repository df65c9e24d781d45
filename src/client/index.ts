import createClient from 'openapi-fetch';
import type { components, paths } from './api-types';
import { conditionalRequests } from './conditional-requests';

export type Search = components['schemas']['Search'];
export type SearchParameter = components['schemas']['SearchParameter'];
export type SearchStatus = Search['status'];
export type Trial = components['schemas']['Trial'];
export type TrialDetail = components['schemas']['TrialDetail'];
export type TrialStatus = Trial['status'];
export type Problem = components['schemas']['Problem'];
export type ResumeResult = components['schemas']['ResumeResult'];
export type TrainerListing = components['schemas']['Trainer'];
export type ParameterImportance = components['schemas']['ParameterImportance'];
export type SearchHistory = components['schemas']['SearchHistory'];
export type Comparison = components['schemas']['Comparison'];
export type ParetoSet = components['schemas']['ParetoSet'];

/** The request never got an answer: connection refused, name not resolved, network down. */
export class ServerUnreachable extends Error {}

/**
 * The hpsearch API, typed from openapi/openapi.json; used by the CLI and the web dashboard.
 * `apiKey` (read before every request) is sent as `Authorization: Bearer`, which servers with API_KEYS require for changes
 * (and, with READS_REQUIRE_KEY, for reads). Reads of a search, its best trial and its trials are conditional
 * (If-None-Match), so polling an unchanged search costs little.
 */
export function createApiClient(baseUrl: string, apiKey: () => string | undefined = () => undefined) {
  const reportingFetch = async (request: Request): Promise<Response> => {
    try {
      return await fetch(request);
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new ServerUnreachable(`cannot reach the hpsearch API at ${baseUrl || 'this page'}: ${cause}`);
    }
  };
  const client = createClient<paths>({ baseUrl, fetch: reportingFetch });
  client.use({
    onRequest({ request }) {
      const key = apiKey();
      if (key) request.headers.set('authorization', `Bearer ${key}`);
      // the server takes a mutation without a key only with a declared JSON or YAML body, even an empty one
      if (request.method !== 'GET' && !request.headers.has('content-type')) request.headers.set('content-type', 'application/json');
      return request;
    },
  });
  client.use(conditionalRequests());
  return client;
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** An answer with an error status; `problem` is the problem+json body. */
export class ApiProblem extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's body (none for a 204), or an ApiProblem for an error status. */
export function unwrap<T>({ data, error, response }: Answer<T>): T {
  if (error !== undefined || (data === undefined && response.status !== 204)) {
    const problem = isProblem(error) ? error : { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: `HTTP ${response.status}` };
    throw new ApiProblem(response.status, problem);
  }
  return data as T;
}

const isProblem = (value: unknown): value is Problem => typeof value === 'object' && value !== null && 'title' in value && 'status' in value;

export async function getSearch(client: ApiClient, id: string): Promise<Search> {
  return unwrap(await client.GET('/v1/searches/{id}', { params: { path: { id } } }));
}

/** The optimisation history in at most `points` ordinal buckets (the server's default without it). */
export async function getSearchHistory(client: ApiClient, id: string, points?: number): Promise<SearchHistory> {
  return unwrap(await client.GET('/v1/searches/{id}/history', { params: { path: { id }, query: points !== undefined ? { points } : {} } }));
}

export async function getParameterImportance(client: ApiClient, id: string): Promise<ParameterImportance> {
  return unwrap(await client.GET('/v1/searches/{id}/importance', { params: { path: { id } } }));
}

/** A trial's output: one attempt's, or every attempt's under headings. */
export async function getTrialLogs(client: ApiClient, id: string, only: { attempt?: number; tail?: number } = {}): Promise<string> {
  const query = { ...(only.attempt !== undefined ? { attempt: only.attempt } : {}), ...(only.tail !== undefined ? { tail: only.tail } : {}) };
  return unwrap(await client.GET('/v1/trials/{id}/logs', { params: { path: { id }, query }, parseAs: 'text' }));
}

export type ExportFormat = 'csv' | 'jsonl';

/** Every trial of a search as CSV or JSON Lines: the body as it streams in. */
export async function exportTrials(client: ApiClient, searchId: string, format: ExportFormat): Promise<ReadableStream<Uint8Array>> {
  const options = { params: { path: { id: searchId } }, parseAs: 'stream' } as const;
  const answer = format === 'csv' ? await client.GET('/v1/searches/{id}/trials.csv', options) : await client.GET('/v1/searches/{id}/trials.jsonl', options);
  const body = unwrap(answer);
  if (body === null) throw new ApiProblem(answer.response.status, { type: 'about:blank', title: 'Empty answer', status: answer.response.status, detail: 'the export came without a body' });
  return body;
}

export type SpecFormat = 'json' | 'yaml';

/** JSON when the text is a JSON object, else YAML (a superset the server parses the same way). */
export const specFormatOf = (text: string): SpecFormat => (/^\s*\{/.test(text) ? 'json' : 'yaml');

/** Posts a spec as written, so the server parses and validates it and reports errors by field. */
export async function submitSpec(client: ApiClient, text: string, format: SpecFormat = specFormatOf(text)): Promise<Search> {
  return unwrap(
    await client.POST('/v1/searches', {
      body: text as never,
      bodySerializer: (body) => body as unknown as string,
      headers: { 'content-type': format === 'yaml' ? 'application/yaml' : 'application/json' },
    }),
  );
}

export interface TrialQuery {
  status?: TrialStatus;
  /** ordinal, objective or metric:<name> */
  sort?: string;
  order?: 'asc' | 'desc';
  /** <metric>:<gt|gte|lt|lte>:<number>, comma-separated */
  filter?: string;
}

/** The largest page the API hands out. */
const MAX_PAGE = 200;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The items of a paged list, following cursors until `max` are read; `more` says whether any are left. */
async function readPages<T>(max: number, readPage: (limit: number, cursor: string | undefined) => Promise<Page<T>>): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage(Math.min(MAX_PAGE, max - items.length), cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return { items, more: cursor !== undefined };
}

/** Trials of a search, following cursors up to `max`. */
export async function listTrials(client: ApiClient, searchId: string, query: TrialQuery = {}, max = Number.POSITIVE_INFINITY): Promise<Trial[]> {
  const { items } = await readPages(max, async (limit, cursor) =>
    unwrap(await client.GET('/v1/searches/{id}/trials', { params: { path: { id: searchId }, query: { ...query, limit, ...(cursor ? { cursor } : {}) } } })),
  );
  return items;
}

/** Searches, newest first, following cursors up to `max`; `more`: there are older ones. */
/** The filters of the search list: status, tags (`key:value`, all must hold), archived ones. */
export type SearchFilters = Omit<NonNullable<paths['/v1/searches']['get']['parameters']['query']>, 'limit' | 'cursor'>;

export async function listSearches(client: ApiClient, query: SearchFilters, max: number): Promise<{ searches: Search[]; more: boolean }> {
  const { items, more } = await readPages(max, async (limit, cursor) => unwrap(await client.GET('/v1/searches', { params: { query: { ...query, limit, ...(cursor ? { cursor } : {}) } } })));
  return { searches: items, more };
}
