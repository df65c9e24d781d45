// Worker-thread entry of trainNsmc. Node 20 does not apply `--import tsx` from a Worker's execArgv to
// the worker's own modules, so this plain-JS entry registers tsx's loader in the thread, then loads
// the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./train-worker.ts');
