import type { Middleware } from 'openapi-fetch';

/** URLs whose last answer is kept for revalidation; the least recently used goes first. */
const MAX_KEPT_ANSWERS = 64;

interface KeptAnswer {
  etag: string;
  contentType: string;
  body: string;
}

/**
 * Conditional GETs: the last 200 of each URL that came with an ETag (a search, its best trial, a page of its
 * trials) is kept and its ETag sent back as If-None-Match; a 304 is answered from it as the 200 it confirms.
 * So a poll of an unchanged search costs the server one summary read and carries no body.
 */
export function conditionalRequests(): Middleware {
  const kept = new Map<string, KeptAnswer>();
  const keep = (url: string, answer: KeptAnswer) => {
    kept.delete(url);
    kept.set(url, answer);
    for (const oldest of kept.keys()) {
      if (kept.size <= MAX_KEPT_ANSWERS) break;
      kept.delete(oldest);
    }
  };
  return {
    onRequest({ request }) {
      const answer = request.method === 'GET' ? kept.get(request.url) : undefined;
      if (answer) request.headers.set('if-none-match', answer.etag);
      return request;
    },
    async onResponse({ request, response }) {
      if (request.method !== 'GET') return response;
      const answer = kept.get(request.url);
      if (response.status === 304 && answer) {
        keep(request.url, answer);
        return new Response(answer.body, { status: 200, headers: { 'content-type': answer.contentType, etag: answer.etag } });
      }
      const etag = response.headers.get('etag');
      if (response.status === 200 && etag) keep(request.url, { etag, contentType: response.headers.get('content-type') ?? 'application/json', body: await response.clone().text() });
      else kept.delete(request.url);
      return response;
    },
  };
}
