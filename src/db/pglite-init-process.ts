import { openMigratedPglite } from './client';

// Run by openDatabase for a new PGlite directory: initdb's memory goes away with this process.
const dir = process.argv[2];
if (!dir) throw new Error('usage: pglite-init-process.ts DIR');
await (await openMigratedPglite(dir)).close();
