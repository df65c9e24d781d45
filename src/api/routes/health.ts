import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps';

const dependencyState = z.object({ ok: z.boolean(), error: z.string().optional() });
const readinessSchema = z.object({ ready: z.boolean(), database: dependencyState, temporal: dependencyState }).meta({ id: 'Readiness' });

/** Each dependency gets this long: a readiness probe must answer before its caller gives up on it. */
const PROBE_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<void>): Promise<z.output<typeof dependencyState>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes({ database, sweeps }: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { summary: 'The process is up', tags: ['health'], response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));

    app.get('/readyz', {
      schema: { summary: 'The database and Temporal answer', tags: ['health'], response: { 200: readinessSchema, 503: readinessSchema } },
    }, async (_request, reply) => {
      const [db, temporal] = await Promise.all([probe(database.ping), probe(sweeps.ping)]);
      const ready = db.ok && temporal.ok;
      reply.code(ready ? 200 : 503);
      return { ready, database: db, temporal };
    });
  };
}
