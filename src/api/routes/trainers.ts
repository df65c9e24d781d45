import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CatalogueEntry } from '../../trainer-registration/catalogue';
import type { AppDeps } from '../deps';
import { trainerListSchema } from '../schemas/trainers';

const present = ({ trainer, builtIn, workers }: CatalogueEntry) => ({
  ...trainer,
  metrics: [...trainer.metrics],
  builtIn,
  workers: workers.map((w) => ({ ...w, registeredAt: w.registeredAt.toISOString(), lastSeenAt: w.lastSeenAt.toISOString() })),
});

export function trainerRoutes({ trainers }: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/trainers', {
      schema: {
        operationId: 'listTrainers',
        summary: 'The trainers a spec may name: the built-ins and those live workers offer, with their workers',
        tags: ['trainers'],
        response: { 200: trainerListSchema },
      },
    }, async () => ({ items: (await trainers.list()).map(present) }));
  };
}
