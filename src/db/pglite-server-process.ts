import { rmSync } from 'node:fs';
import path from 'node:path';
import { openMigratedPglite } from './client';
import { serveWireProtocol } from './pglite-wire-server';

// Run by openDatabase for a PGlite directory: the database's WebAssembly memory and the work of every query
// stay out of the service's process and off its event loop. It ends when the service asks, or goes away.
const [dir, socketPath] = process.argv.slice(2);
if (!dir || !socketPath || !process.send) throw new Error('usage: forked with IPC, pglite-server-process.ts DIR SOCKET');
// Ctrl-C reaches the whole process group: the service stops this process once its own shutdown is done with the database
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);

const db = await openMigratedPglite(dir);
const server = await serveWireProtocol(db, socketPath);
const stop = async () => {
  server.close();
  await db.close();
  rmSync(path.dirname(socketPath), { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send('ready');
