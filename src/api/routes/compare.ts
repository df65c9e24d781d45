import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { compareSearches, SearchNotFound } from '../../searches/index';
import type { AppDeps } from '../deps';
import { presentSearch } from '../present';
import { ProblemError } from '../problem';
import { problemResponses } from '../schemas/common';
import { compareQuerySchema, comparisonSchema } from '../schemas/compare';

export function compareRoutes({ database, temporalUi }: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/compare', {
      schema: {
        operationId: 'compareSearches',
        summary: 'Searches with the same objective side by side: progress, best trial, best objective after each completed trial',
        tags: ['searches'],
        querystring: compareQuerySchema,
        response: { 200: comparisonSchema, ...problemResponses(400, 404) },
      },
    }, async (request) => {
      const comparison = await compareSearches(database.db, request.query.searches, { tenant: request.tenant }).catch((error: unknown) => {
        if (!(error instanceof SearchNotFound)) throw error;
        throw new ProblemError(404, 'not-found', 'Not found', error.message, [{ in: 'querystring', field: 'searches', message: `no search ${error.searchId}` }]);
      });
      return {
        objective: comparison.objective,
        searches: comparison.searches.map((compared) => ({
          search: presentSearch(compared, temporalUi),
          completed: compared.completed,
          bestSoFar: compared.bestSoFar,
        })),
      };
    });
  };
}
