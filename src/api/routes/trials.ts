import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getTrial, trialCurve } from '../../db/index';
import type { AppDeps } from '../deps';
import { presentMetricPoint, presentTrial } from '../present';
import { notFound } from '../problem';
import { idParamsSchema, problemResponses } from '../schemas/common';
import { trialDetailSchema } from '../schemas/trials';

export function trialRoutes({ database: { db } }: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/trials/:id', {
      schema: { operationId: 'getTrial', summary: 'A trial with its metric curve', tags: ['trials'], params: idParamsSchema, response: { 200: trialDetailSchema, ...problemResponses(400, 404) } },
    }, async (request) => {
      const trial = await getTrial(db, request.params.id);
      if (!trial) throw notFound('trial', request.params.id);
      const curve = await trialCurve(db, trial.id);
      return { ...presentTrial(trial), curve: curve.map(presentMetricPoint) };
    });
  };
}
