import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { summaryVersion, type Db } from '../db/index';
import type { AnswerCache } from './answer-cache';

/** The operations that answer a matching If-None-Match with 304, named for the OpenAPI document. */
export const conditionalOperations = ['getSearch', 'getBestTrial', 'getParetoSet', 'getSearchHistory', 'listTrials'] as const;

export const conditionalHeadersSchema = z.object({
  'if-none-match': z.string().max(1_000).optional().meta({ description: 'an ETag of an earlier answer (or several, comma-separated): 304 without a body while the search is unchanged' }),
});

export const notModifiedSchema = z.null().meta({ description: 'not modified: the search and its trials are as they were when the ETag named in If-None-Match was sent' });

export const etagHeaderDescription = "the search's version: every change of the search (its status, notes, tags, archive flag) or of one of its trials gives a new one";

/** A search's version as an entity tag: the same for the search, its best trial and its trial pages, each one per URL. */
const etagOf = (version: number) => `"${version}"`;

/** Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2; `*` names any). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * Route hooks for reads of one search (`:id`): the ETag is the summary's version, read before the answer
 * is (so a change in between gives the next poll a new answer, never a stale one under a new tag), and a
 * matching If-None-Match is a 304 that reads nothing more. A full answer is kept in `answers` by URL with
 * that version and sent again, reading nothing more, while the version stays. Runs after the tenant check;
 * an error answer carries no ETag and is not kept.
 */
export function conditionalSearchRead(db: Db, answers: AnswerCache) {
  /** The version a request's answer is being read at, for answers not served from the cache. */
  const reading = new WeakMap<FastifyRequest, number>();
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const version = await summaryVersion(db, (request.params as { id: string }).id);
      if (version === undefined) return;
      const etag = etagOf(version);
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      const cached = answers.get(request.url, version);
      if (cached !== undefined) return reply.type('application/json; charset=utf-8').send(cached);
      reading.set(request, version);
    },
    async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      if (reply.statusCode >= 400) reply.removeHeader('etag').removeHeader('cache-control');
      const version = reading.get(request);
      if (version !== undefined && reply.statusCode === 200 && typeof payload === 'string') answers.set(request.url, version, payload);
      return payload;
    },
  };
}
