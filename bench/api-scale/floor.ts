import Fastify from 'fastify';

/**
 * The floor of a read on this machine: a bare Fastify route on loopback sending `body` as it is, with no
 * hook, validation, database or encoding, driven as the API's routes are.
 */
export async function startFloorServer(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  app.get('/', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
