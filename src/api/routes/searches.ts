import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bestTrial,
  bestTrialsOf,
  countTrialsByStatusOf,
  deleteSearch,
  cancelSearch,
  getSearch,
  insertSearch,
  listSearches,
  listTrials,
  recordSearchEvent,
  searchEventLog,
  type Db,
  type SearchRow,
} from '../../db/index';
import { isFinalSearch } from '../../status';
import { resolveSpec } from '../../search-spec/resolve';
import { searchSpecSchema } from '../../search-spec/search-spec';
import { resumeSearch, ResumeRejected } from '../../temporal/resume';
import { sweepWorkflowId } from '../../temporal/sweep-control';
import { decodeCursor, encodeCursor } from '../cursor';
import type { AppDeps } from '../deps';
import { presentSearch, presentTrial } from '../present';
import { invalidRequest, notFound, ProblemError, unavailable } from '../problem';
import { idParamsSchema, problemResponses } from '../schemas/common';
import { resumeBodySchema, resumeResultSchema, searchEventListSchema, searchListQuerySchema, searchPageSchema, searchSchema } from '../schemas/searches';
import { trialListQuerySchema, trialPageSchema, trialSchema } from '../schemas/trials';
import type { TemporalUi } from '../temporal-ui';

const searchCursorSchema = z.object({ c: z.iso.datetime(), i: z.uuid() });
const trialCursorSchema = z.object({ o: z.number().int(), v: z.number().nullable() });

async function loadSearch(db: Db, id: string): Promise<SearchRow> {
  const row = await getSearch(db, id);
  if (!row) throw notFound('search', id);
  return row;
}

/** A search the caller may change: another tenant's search does not exist for it. */
async function loadOwnSearch(db: Db, id: string, caller: string | undefined): Promise<SearchRow> {
  const row = await loadSearch(db, id);
  if (row.owner !== null && row.owner !== caller) throw notFound('search', id);
  return row;
}

/** Searches with their trial counts and best trials, in a fixed number of queries however many rows. */
async function describeSearches(db: Db, rows: readonly SearchRow[], temporalUi: TemporalUi | undefined) {
  const ids = rows.map((row) => row.id);
  const [counts, best] = await Promise.all([
    countTrialsByStatusOf(db, ids),
    bestTrialsOf(db, rows.map((row) => ({ id: row.id, goal: row.resolved.objective.goal }))),
  ]);
  return rows.map((row) => presentSearch(row, counts.get(row.id)!, best.get(row.id), temporalUi));
}

export function searchRoutes({ database, sweeps, trainers, temporalUi }: AppDeps): FastifyPluginAsyncZod {
  const { db } = database;
  const describe = async (row: SearchRow) => (await describeSearches(db, [row], temporalUi))[0]!;
  return async (app) => {
    app.post('/searches', {
      schema: {
        summary: 'Start a search',
        description: 'Body: a search spec as JSON (application/json) or YAML (application/yaml).',
        tags: ['searches'],
        consumes: ['application/json', 'application/yaml'],
        body: searchSpecSchema,
        response: { 201: searchSchema, ...problemResponses(400, 415, 503) },
      },
    }, async (request, reply) => {
      const resolved = resolveSpec(request.body, trainers);
      if (!resolved.ok) throw invalidRequest(resolved.issues.map((i) => ({ in: 'body', field: i.path.join('.'), message: i.message })));
      const id = randomUUID();
      const row = await insertSearch(db, { id, name: resolved.spec.name, spec: request.body, resolved: resolved.spec, workflowId: sweepWorkflowId(id), owner: request.caller ?? null });
      await recordSearchEvent(db, id, 'created', { maxTrials: resolved.spec.budget.maxTrials });
      try {
        await sweeps.start(id, trainers.get(resolved.spec.trainer.name)?.taskQueue);
      } catch (error) {
        await deleteSearch(db, id);
        throw unavailable('Temporal', `could not start the sweep workflow: ${(error as Error).message}`);
      }
      reply.code(201).header('location', `/v1/searches/${id}`);
      return describe(row);
    });

    app.get('/searches', {
      schema: { summary: 'List searches, newest first', tags: ['searches'], querystring: searchListQuerySchema, response: { 200: searchPageSchema, ...problemResponses(400) } },
    }, async (request) => {
      const { limit, status, cursor } = request.query;
      const after = decodeCursor(cursor, searchCursorSchema);
      const rows = await listSearches(db, { limit: limit + 1, ...(status ? { status } : {}), ...(after ? { after: { createdAt: new Date(after.c), id: after.i } } : {}) });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: await describeSearches(db, page, temporalUi),
        nextCursor: rows.length > limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
      };
    });

    app.get('/searches/:id', {
      schema: { summary: 'A search with its progress and best trial', tags: ['searches'], params: idParamsSchema, response: { 200: searchSchema, ...problemResponses(400, 404) } },
    }, async (request) => describe(await loadSearch(db, request.params.id)));

    app.get('/searches/:id/best', {
      schema: { summary: 'The best finished trial so far', tags: ['searches'], params: idParamsSchema, response: { 200: trialSchema, ...problemResponses(400, 404) } },
    }, async (request) => {
      const search = await loadSearch(db, request.params.id);
      const best = await bestTrial(db, search.id, search.resolved.objective.goal);
      if (!best) throw new ProblemError(404, 'no-best-trial', 'No best trial yet', `search ${search.id} has no succeeded trial yet`);
      return presentTrial(best);
    });

    app.get('/searches/:id/trials', {
      schema: {
        summary: 'Trials of a search: filter by status, sort by ordinal or objective, cursor pagination',
        tags: ['trials'],
        params: idParamsSchema,
        querystring: trialListQuerySchema,
        response: { 200: trialPageSchema, ...problemResponses(400, 404) },
      },
    }, async (request) => {
      const search = await loadSearch(db, request.params.id);
      const { status, sort, limit, cursor } = request.query;
      const bestFirst = search.resolved.objective.goal === 'maximize' ? 'desc' : 'asc';
      const order = request.query.order ?? (sort === 'objective' ? bestFirst : 'asc');
      const after = decodeCursor(cursor, trialCursorSchema);
      const rows = await listTrials(db, search.id, { sort, order, limit: limit + 1, ...(status ? { status } : {}), ...(after ? { after: { ordinal: after.o, objective: after.v } } : {}) });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(presentTrial), nextCursor: rows.length > limit && last ? encodeCursor({ o: last.ordinal, v: last.objective }) : null };
    });

    app.post('/searches/:id/cancel', {
      schema: { summary: 'Cancel a search: running trials are stopped, no new ones start', tags: ['searches'], params: idParamsSchema, response: { 202: searchSchema, ...problemResponses(400, 404, 409, 503) } },
    }, async (request, reply) => {
      const search = await loadOwnSearch(db, request.params.id, request.caller);
      if (isFinalSearch(search.status) && search.status !== 'cancelled')
        throw new ProblemError(409, 'search-finished', 'Search already finished', `search ${search.id} already ${search.status}`);
      if (search.status !== 'cancelled') {
        let requested: boolean;
        try {
          requested = await sweeps.cancel(search.id);
        } catch (error) {
          throw unavailable('Temporal', `could not cancel the sweep workflow: ${(error as Error).message}`);
        }
        await recordSearchEvent(db, search.id, 'cancel-requested', { workflowRunning: requested });
        if (!requested) await cancelSearch(db, search.id);
      }
      reply.code(202);
      return describe(await loadSearch(db, search.id));
    });

    app.post('/searches/:id/resume', {
      schema: {
        summary: 'Resume a search whose sweep workflow is gone (idempotent); a larger maxTrials extends a finished search',
        tags: ['searches'],
        params: idParamsSchema,
        body: resumeBodySchema,
        response: { 200: resumeResultSchema, 202: resumeResultSchema, ...problemResponses(400, 404, 409, 503) },
      },
    }, async (request, reply) => {
      const search = await loadOwnSearch(db, request.params.id, request.caller);
      let outcome;
      try {
        outcome = await resumeSearch({ db, sweeps, trainers }, search, request.body?.maxTrials !== undefined ? { maxTrials: request.body.maxTrials } : {});
      } catch (error) {
        if (error instanceof ResumeRejected) throw new ProblemError(409, 'cannot-resume', 'Cannot resume', error.message, error.field ? [{ in: 'body', field: error.field, message: error.message }] : undefined);
        throw unavailable('Temporal', `could not resume the sweep workflow: ${(error as Error).message}`);
      }
      reply.code(outcome.resumed ? 202 : 200);
      const described = await describe(outcome.search);
      return outcome.resumed
        ? { resumed: true, requeuedTrials: outcome.requeuedTrials, finishedTrials: outcome.finishedTrials, search: described }
        : { resumed: false, reason: outcome.reason, requeuedTrials: [], finishedTrials: described.progress.finished, search: described };
    });

    app.get('/searches/:id/events', {
      schema: { summary: 'What happened to a search: created, cancel requested, resumed, extended, recovered', tags: ['searches'], params: idParamsSchema, response: { 200: searchEventListSchema, ...problemResponses(400, 404) } },
    }, async (request) => {
      const search = await loadSearch(db, request.params.id);
      const events = await searchEventLog(db, search.id);
      return { items: events.map((e) => ({ kind: e.kind, detail: e.detail, at: e.at.toISOString() })) };
    });
  };
}
