import type { FastifyInstance } from 'fastify';
import { getSearch, getTrial, type Db } from '../db/index';
import { notFound } from './problem';

/**
 * A tenant-confined request (see `request.tenant`) reaches only its own searches and their trials:
 * another tenant's, or an ownerless one, answers 404 as if it did not exist, so ids do not leak.
 * Runs after validation, on every route whose `:id` names a search or a trial.
 */
export function confineToTenant(app: FastifyInstance, db: Db): void {
  app.addHook('preHandler', async (request) => {
    const tenant = request.tenant;
    const route = request.routeOptions.url ?? '';
    if (tenant === undefined) return;
    const { id } = request.params as { id?: string };
    if (id === undefined) return;
    if (route.startsWith('/v1/searches/:id')) {
      if ((await getSearch(db, id))?.owner !== tenant) throw notFound('search', id);
    } else if (route.startsWith('/v1/trials/:id')) {
      const trial = await getTrial(db, id);
      if (!trial || (await getSearch(db, trial.searchId))?.owner !== tenant) throw notFound('trial', id);
    }
  });
}
