import type { FastifyInstance } from 'fastify';
import { getTrial, type Db } from '../db/index';
import { findOwnSearch, SearchNotFound } from '../searches/index';
import { notFound } from './problem';

/**
 * A tenant-confined request (see `request.tenant`) reaches only its own searches and their trials, by the
 * searches layer's rule (`findOwnSearch`): another tenant's, or an ownerless one, answers 404 as if it did
 * not exist, so ids do not leak. Runs after validation, on every route whose `:id` names a search or a trial.
 */
export function confineToTenant(app: FastifyInstance, db: Db): void {
  app.addHook('preHandler', async (request) => {
    const tenant = request.tenant;
    const route = request.routeOptions.url ?? '';
    if (tenant === undefined) return;
    const { id } = request.params as { id?: string };
    if (id === undefined) return;
    if (route.startsWith('/v1/searches/:id')) await findOwnSearch(db, id, { tenant });
    else if (route.startsWith('/v1/trials/:id')) {
      const trial = await getTrial(db, id);
      if (!trial) throw notFound('trial', id);
      await findOwnSearch(db, trial.searchId, { tenant }).catch((error: unknown) => {
        throw error instanceof SearchNotFound ? notFound('trial', id) : error;
      });
    }
  });
}
