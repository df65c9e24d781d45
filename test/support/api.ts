import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export async function postSearch(app: FastifyInstance, spec: unknown) {
  const response = await app.inject({ method: 'POST', url: '/v1/searches', payload: spec as object });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; status: string }>();
}

export async function getJson<T = any>(app: FastifyInstance, url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
}

/** Polls a search until its status is one of `statuses`. */
export async function waitForSearch(app: FastifyInstance, id: string, statuses: string[], timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const search = await getJson(app, `/v1/searches/${id}`);
    if (statuses.includes(search.status)) return search;
    if (Date.now() > deadline) throw new Error(`search ${id} still ${search.status} after ${timeoutMs} ms: ${JSON.stringify(search.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every trial of a search, following cursors. */
export async function allTrials(app: FastifyInstance, id: string, query = ''): Promise<any[]> {
  const trials: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: any[]; nextCursor: string | null } = await getJson(app, `/v1/searches/${id}/trials?limit=25${query}${cursor ? `&cursor=${cursor}` : ''}`);
    trials.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return trials;
}

/** What a body-less POST declares: the API takes a mutation without an API key only with a JSON or YAML content type. */
export const jsonType = { 'content-type': 'application/json' };
