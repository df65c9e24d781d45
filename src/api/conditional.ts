import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { summaryVersion, type Db } from '../db/index';

/** The operations that answer a matching If-None-Match with 304, named for the OpenAPI document. */
export const conditionalOperations = ['getSearch', 'getBestTrial', 'getSearchHistory', 'listTrials'] as const;

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
 * matching If-None-Match is a 304 that reads nothing more. Runs after the tenant check; an error answer
 * carries no ETag.
 */
export function conditionalSearchRead(db: Db) {
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const version = await summaryVersion(db, (request.params as { id: string }).id);
      if (version === undefined) return;
      const etag = etagOf(version);
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (matches(request.headers['if-none-match'], etag)) await reply.code(304).send();
    },
    async onSend(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      if (reply.statusCode >= 400) reply.removeHeader('etag').removeHeader('cache-control');
      return payload;
    },
  };
}
