import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem';

/** Where `npm run build:web` writes the dashboard. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The web dashboard at /ui/ (a single page; its routes live in the URL fragment), and / sending there. */
export async function registerDashboard(app: FastifyInstance, dir = DASHBOARD_DIR): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/'));
  if (existsSync(dir)) {
    await app.register(fastifyStatic, { root: dir, prefix: '/ui/', redirect: true });
    return;
  }
  app.get('/ui/*', { schema: { hide: true } }, async () => {
    throw new ProblemError(503, 'dashboard-not-built', 'Dashboard not built', 'the web dashboard is not built: run `npm run build:web`');
  });
}
