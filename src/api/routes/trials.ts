import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { curveMetricNames, getTrial, readTrialLog, trialCurveWithTraining } from '../../db/index';
import { annotateTrial } from '../../searches/index';
import type { AppDeps } from '../deps';
import { presentMetricPoint, presentMetricSeries, presentTrial } from '../present';
import { notFound, ProblemError } from '../problem';
import { trialPatchSchema } from '../schemas/annotations';
import { idParamsSchema, problemResponses } from '../schemas/common';
import { trialDetailSchema, trialLogQuerySchema, trialLogSchema, trialMetricsQuerySchema, trialMetricsSchema, trialQuerySchema, trialSchema } from '../schemas/trials';

/** The last `count` lines of `text` (a final newline ends a line, it does not start one). */
function lastLines(text: string, count: number): string {
  const lines = text.split('\n');
  const ended = lines.at(-1) === '';
  const kept = lines.slice(ended ? -count - 1 : -count);
  return kept.join('\n');
}

export function trialRoutes({ database: { db } }: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/trials/:id', {
      schema: {
        operationId: 'getTrial',
        summary: 'A trial with its metric curve',
        tags: ['trials'],
        params: idParamsSchema,
        querystring: trialQuerySchema,
        response: { 200: trialDetailSchema, ...problemResponses(400, 404) },
      },
    }, async (request) => {
      const trial = await getTrial(db, request.params.id);
      if (!trial) throw notFound('trial', request.params.id);
      const curve = await trialCurveWithTraining(db, trial, request.query.names);
      return { ...presentTrial(trial), curve: curve.map(presentMetricPoint) };
    });

    app.patch('/trials/:id', {
      schema: {
        operationId: 'annotateTrial',
        summary: "Change a trial's notes or tags (merged: a null value removes its key)",
        tags: ['trials'],
        params: idParamsSchema,
        body: trialPatchSchema,
        response: { 200: trialSchema, ...problemResponses(400, 404, 415) },
      },
    }, async (request) => presentTrial(await annotateTrial({ db }, request.params.id, { tenant: request.tenant }, request.body)));

    app.get('/trials/:id/metrics', {
      schema: {
        operationId: 'getTrialMetrics',
        summary: "A trial's metrics: the names it reported, and each asked-for metric's points by step",
        tags: ['trials'],
        params: idParamsSchema,
        querystring: trialMetricsQuerySchema,
        response: { 200: trialMetricsSchema, ...problemResponses(400, 404) },
      },
    }, async (request) => {
      const trial = await getTrial(db, request.params.id);
      if (!trial) throw notFound('trial', request.params.id);
      const names = await curveMetricNames(db, trial);
      const wanted = request.query.names ?? names;
      const curve = wanted.length > 0 ? await trialCurveWithTraining(db, trial, wanted) : [];
      return { trialId: trial.id, names, series: presentMetricSeries(curve, wanted) };
    });

    app.get('/trials/:id/logs', {
      schema: {
        operationId: 'getTrialLogs',
        summary: "A trial's output, per attempt",
        tags: ['trials'],
        params: idParamsSchema,
        querystring: trialLogQuerySchema,
        response: { 200: { content: { 'text/plain': { schema: trialLogSchema } } }, ...problemResponses(400, 404) },
      },
    }, async (request, reply) => {
      const trial = await getTrial(db, request.params.id);
      if (!trial) throw notFound('trial', request.params.id);
      const { attempt, tail, download } = request.query;
      if (attempt !== undefined && attempt > trial.attempt)
        throw new ProblemError(404, 'not-found', 'Not found', `trial ${trial.id} has no attempt ${attempt}: it has started ${trial.attempt}`, [
          { in: 'querystring', field: 'attempt', message: `must be at most ${trial.attempt}, the attempts this trial has started` },
        ]);
      reply.type('text/plain; charset=utf-8');
      if (download) reply.header('content-disposition', `attachment; filename="trial-${trial.id}${attempt === undefined ? '' : `-attempt-${attempt}`}.log"`);
      const log = await readTrialLog(db, trial.id, attempt);
      return tail === undefined ? log : lastLines(log, tail);
    });
  };
}
