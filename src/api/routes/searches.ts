import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { trialSortValue } from '../../db/index';
import { searchSpecSchema } from '../../search-spec/search-spec';
import {
  annotateSearch,
  bestAnswerOf,
  cancelSearch,
  createSearch,
  deleteOwnSearch,
  describeSearch,
  exportSearchTrials,
  listSearchSummaries,
  listSearchTrials,
  paretoSetOf,
  resumeOwnSearch,
  searchEvents,
  searchHistory,
  searchImportance,
  type SearchDeps,
} from '../../searches/index';
import type { AnswerCache } from '../answer-cache';
import { conditionalHeadersSchema, conditionalSearchRead, notModifiedSchema } from '../conditional';
import { decodeCursor, encodeCursor, searchCursorSchema, trialCursorSchema } from '../cursor';
import type { AppDeps } from '../deps';
import { presentParetoSet, presentSearch, presentTrial } from '../present';
import { invalidRequest, ProblemError } from '../problem';
import { idParamsSchema, problemResponses } from '../schemas/common';
import { searchPatchSchema } from '../schemas/annotations';
import { historyQuerySchema, historySchema } from '../schemas/history';
import { importanceSchema } from '../schemas/importance';
import { deleteQuerySchema, resumeBodySchema, resumeResultSchema, searchEventListSchema, searchListQuerySchema, searchPageSchema, searchSchema, bestAnswerSchema, paretoSetSchema } from '../schemas/searches';
import { trialListQuerySchema, trialPageSchema } from '../schemas/trials';
import { EXPORT_BATCH_SIZE, exportFileName, exportFormats, exportStream, type ExportFormat } from '../trial-export';

const createHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters')
    .optional()
    .meta({ description: 'makes retries safe: the same key and spec answer 200 with the search the first request created (and start its sweep if that request could not)' }),
});

const exportSchema = z.string().meta({ description: 'the trials, streamed as they are read; parameters are param.<name> columns (JSONL: params), final metrics metric.<name> (JSONL: metrics), empty (null) where a trial has none' });

/** Where a trial page starts: its cursor, which must come from a page of the same sort. */
function trialPageCursor({ cursor, sort }: { cursor?: string | undefined; sort: string }) {
  const after = decodeCursor(cursor, trialCursorSchema);
  if (after && after.k !== sort) throw invalidRequest([{ in: 'querystring', field: 'cursor', message: `was returned by a page sorted by ${after.k}, not ${sort}` }]);
  return after;
}

/** `answers`: where full answers of unchanged searches are kept to send again. */
export function searchRoutes({ database, sweeps, trainers, files, temporalUi }: AppDeps, answers: AnswerCache): FastifyPluginAsyncZod {
  const deps: SearchDeps = { db: database.db, sweeps, trainers };
  const { db } = deps;
  const present = (summary: Parameters<typeof presentSearch>[0]) => presentSearch(summary, temporalUi);
  const conditional = conditionalSearchRead(db, answers);
  return async (app) => {
    app.post('/searches', {
      schema: {
        operationId: 'createSearch',
        summary: 'Start a search',
        description: 'Body: a search spec as JSON (application/json) or YAML (application/yaml).',
        tags: ['searches'],
        consumes: ['application/json', 'application/yaml'],
        headers: createHeadersSchema,
        body: searchSpecSchema,
        response: { 200: searchSchema, 201: searchSchema, ...problemResponses(400, 415, 422, 503) },
      },
    }, async (request, reply) => {
      const idempotencyKey = request.headers['idempotency-key'];
      const created = await createSearch(deps, request.body, { tenant: request.tenant }, idempotencyKey !== undefined ? { idempotencyKey } : {});
      reply.code(created.created ? 201 : 200).header('location', `/v1/searches/${created.search.id}`);
      return present(created);
    });

    app.get('/searches', {
      schema: { operationId: 'listSearches', summary: 'List searches, newest first', tags: ['searches'], querystring: searchListQuerySchema, response: { 200: searchPageSchema, ...problemResponses(400) } },
    }, async (request) => {
      const { limit, status, archived, tag, cursor } = request.query;
      const after = decodeCursor(cursor, searchCursorSchema);
      const page = await listSearchSummaries(db, { limit, archived, ...(tag ? { tags: tag } : {}), ...(status ? { status } : {}), ...(request.tenant !== undefined ? { owner: request.tenant } : {}), ...(after ? { after: { createdAt: new Date(after.c), id: after.i } } : {}) });
      const more = page.more?.search;
      return { items: page.items.map(present), nextCursor: more ? encodeCursor({ c: more.createdAt.toISOString(), i: more.id }) : null };
    });

    app.get('/searches/:id', {
      schema: { operationId: 'getSearch', summary: 'A search with its progress and best trial', tags: ['searches'], params: idParamsSchema, headers: conditionalHeadersSchema, response: { 200: searchSchema, 304: notModifiedSchema, ...problemResponses(400, 404) } },
      ...conditional,
    }, async (request) => present(await describeSearch(db, request.params.id)));

    app.get('/searches/:id/best', {
      schema: {
        operationId: 'getBestTrial',
        summary: "The best finished trial so far; a multi-objective search's Pareto set, or the trial its scalarization picks",
        tags: ['searches'],
        params: idParamsSchema,
        headers: conditionalHeadersSchema,
        response: { 200: bestAnswerSchema, 304: notModifiedSchema, ...problemResponses(400, 404) },
      },
      ...conditional,
    }, async (request) => {
      const best = await bestAnswerOf(db, request.params.id);
      if (!best) throw new ProblemError(404, 'no-best-trial', 'No best trial yet', `search ${request.params.id} has no succeeded trial yet`);
      return best.kind === 'trial' ? presentTrial(best.trial) : presentParetoSet(best.pareto);
    });

    app.get('/searches/:id/pareto', {
      schema: {
        operationId: 'getParetoSet',
        summary: 'The non-dominated succeeded trials: none better in every objective (for a single objective, the trials tied at the best)',
        tags: ['searches'],
        params: idParamsSchema,
        headers: conditionalHeadersSchema,
        response: { 200: paretoSetSchema, 304: notModifiedSchema, ...problemResponses(400, 404) },
      },
      ...conditional,
    }, async (request) => presentParetoSet(await paretoSetOf(db, request.params.id)));

    app.get('/searches/:id/importance', {
      schema: {
        operationId: 'getParameterImportance',
        summary: "Each parameter's share of the objective's variance: functional ANOVA over a random forest fitted to the succeeded trials",
        tags: ['searches'],
        params: idParamsSchema,
        response: { 200: importanceSchema, ...problemResponses(400, 404) },
      },
    }, async (request) => {
      const { objective, estimate } = await searchImportance(db, request.params.id);
      return { objective, ...estimate };
    });

    app.get('/searches/:id/history', {
      schema: {
        operationId: 'getSearchHistory',
        summary: 'The optimisation history, downsampled in the database: trials per status and the objective range in at most `points` ordinal buckets, and the best-so-far improvements',
        tags: ['searches'],
        params: idParamsSchema,
        querystring: historyQuerySchema,
        headers: conditionalHeadersSchema,
        response: { 200: historySchema, 304: notModifiedSchema, ...problemResponses(400, 404) },
      },
      ...conditional,
    }, async (request) => searchHistory(db, request.params.id, request.query.points));

    app.get('/searches/:id/trials', {
      schema: {
        operationId: 'listTrials',
        summary: 'Trials of a search: filter by status and final metrics, sort by ordinal, objective or a final metric, cursor pagination',
        tags: ['trials'],
        params: idParamsSchema,
        querystring: trialListQuerySchema,
        headers: conditionalHeadersSchema,
        response: { 200: trialPageSchema, 304: notModifiedSchema, ...problemResponses(400, 404) },
      },
      // a bad cursor is a 400 even when If-None-Match matches
      preHandler: [async (request) => void trialPageCursor(request.query), conditional.preHandler],
      onSend: conditional.onSend,
    }, async (request) => {
      const { status, tag, filter, sort, order, limit } = request.query;
      const after = trialPageCursor(request.query);
      const page = await listSearchTrials(db, request.params.id, {
        sort,
        limit,
        ...(order ? { order } : {}),
        ...(status ? { status } : {}),
        ...(tag ? { tags: tag } : {}),
        ...(filter ? { metricFilters: filter } : {}),
        ...(after ? { after: { ordinal: after.o, value: after.v } } : {}),
      });
      return { items: page.items.map(presentTrial), nextCursor: page.more ? encodeCursor({ k: sort, o: page.more.ordinal, v: trialSortValue(page.more, sort) }) : null };
    });

    app.patch('/searches/:id', {
      schema: {
        operationId: 'annotateSearch',
        summary: "Change a search's notes, tags (merged: a null value removes its key) or archive flag",
        tags: ['searches'],
        params: idParamsSchema,
        body: searchPatchSchema,
        response: { 200: searchSchema, ...problemResponses(400, 404, 415) },
      },
    }, async (request) => {
      const annotated = await annotateSearch(deps, request.params.id, { tenant: request.tenant }, request.body);
      return present(await describeSearch(db, annotated.id));
    });

    app.delete('/searches/:id', {
      schema: {
        operationId: 'deleteSearch',
        summary: 'Delete a settled search with its trials, metrics, logs, events, trainings and files; an open one only with force=true',
        tags: ['searches'],
        params: idParamsSchema,
        querystring: deleteQuerySchema,
        response: { 204: z.null().meta({ description: 'deleted' }), ...problemResponses(400, 404, 409, 503) },
      },
    }, async (request, reply) => {
      await deleteOwnSearch({ ...deps, files }, request.params.id, { tenant: request.tenant }, { force: request.query.force });
      return reply.code(204).send(null);
    });

    for (const format of Object.keys(exportFormats) as ExportFormat[]) {
      const { contentType, extension } = exportFormats[format];
      app.get(`/searches/:id/trials.${extension}`, {
        schema: {
          operationId: format === 'csv' ? 'exportTrialsCsv' : 'exportTrialsJsonl',
          summary: `Every trial of a search as ${format === 'csv' ? 'CSV (RFC 4180, with a header line)' : 'JSON Lines (one object per trial)'}, streamed`,
          description:
            'One row per trial by ordinal: ordinal, id, status, every parameter (searched ones by name, then fixed ones), objective, every final metric the trials report, createdAt, startedAt, finishedAt, durationSeconds, attempts, trainingReused, error.',
          tags: ['trials'],
          params: idParamsSchema,
          response: { 200: { content: { [contentType.split(';')[0]!]: { schema: exportSchema } } }, ...problemResponses(400, 404) },
        },
      }, async (request, reply) => {
        const source = await exportSearchTrials(db, request.params.id, EXPORT_BATCH_SIZE);
        reply.type(contentType).header('content-disposition', `attachment; filename="${exportFileName(source.search.id, format)}"`);
        // a stream is sent as it is read, past the serializer: the schema describes the bytes it makes
        return reply.send(exportStream(source, format) as unknown as string);
      });
    }

    app.post('/searches/:id/cancel', {
      schema: {
        operationId: 'cancelSearch',
        summary: 'Cancel a search: running trials are stopped, no new ones start',
        description: '202: the cancel is requested (a search without a running sweep is cancelled at once). 200: the search was cancelled already, nothing changed. 409: it has ended otherwise (succeeded or failed).',
        tags: ['searches'],
        params: idParamsSchema,
        response: { 200: searchSchema, 202: searchSchema, ...problemResponses(400, 404, 409, 503) },
      },
    }, async (request, reply) => {
      const outcome = await cancelSearch(deps, request.params.id, { tenant: request.tenant });
      reply.code(outcome.requested ? 202 : 200);
      return present(outcome.search);
    });

    app.post('/searches/:id/resume', {
      schema: {
        operationId: 'resumeSearch',
        summary: 'Resume a search whose sweep workflow is gone (idempotent); a larger maxTrials extends a finished search, parallelism changes how many trials run at once',
        tags: ['searches'],
        params: idParamsSchema,
        body: resumeBodySchema,
        response: { 200: resumeResultSchema, 202: resumeResultSchema, ...problemResponses(400, 404, 409, 503) },
      },
    }, async (request, reply) => {
      const { maxTrials, parallelism } = request.body ?? {};
      const outcome = await resumeOwnSearch(deps, request.params.id, { tenant: request.tenant }, { ...(maxTrials !== undefined ? { maxTrials } : {}), ...(parallelism !== undefined ? { parallelism } : {}) });
      const search = present(await describeSearch(db, outcome.search.id));
      reply.code(outcome.resumed ? 202 : 200);
      return outcome.resumed
        ? { resumed: true, requeuedTrials: outcome.requeuedTrials, finishedTrials: outcome.completedTrials, search }
        : { resumed: false, reason: outcome.reason, requeuedTrials: [], finishedTrials: search.progress.finished, search };
    });

    app.get('/searches/:id/events', {
      schema: { operationId: 'listSearchEvents', summary: 'What happened to a search: created, cancel requested, resumed, extended, recovered', tags: ['searches'], params: idParamsSchema, response: { 200: searchEventListSchema, ...problemResponses(400, 404) } },
    }, async (request) => {
      const events = await searchEvents(db, request.params.id);
      return { items: events.map((e) => ({ kind: e.kind, detail: e.detail, at: e.at.toISOString() })) };
    });
  };
}
