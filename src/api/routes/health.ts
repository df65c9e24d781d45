import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps';

const dependencyState = z.object({ ok: z.boolean(), error: z.string().optional() });
const readinessSchema = z.object({ ready: z.boolean(), database: dependencyState, temporal: dependencyState }).meta({ id: 'Readiness' });

async function probe(check: () => Promise<void>): Promise<z.output<typeof dependencyState>> {
  try {
    await check();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export function healthRoutes({ database, sweeps }: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { operationId: 'getLiveness', summary: 'The process is up', tags: ['health'], response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));

    app.get('/readyz', {
      schema: { operationId: 'getReadiness', summary: 'The database and Temporal answer', tags: ['health'], response: { 200: readinessSchema, 503: readinessSchema } },
    }, async (_request, reply) => {
      const [db, temporal] = await Promise.all([probe(database.ping), probe(sweeps.ping)]);
      const ready = db.ok && temporal.ok;
      reply.code(ready ? 200 : 503);
      return { ready, database: db, temporal };
    });
  };
}
