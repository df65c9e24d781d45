import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config';
import { runService } from './run-service';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function queueList(value: string): ('sweeps' | 'trials')[] {
  const queues = value.split(',').map((q) => q.trim());
  for (const q of queues) if (q !== 'sweeps' && q !== 'trials') throw new InvalidArgumentError(`unknown queue '${q}' (sweeps, trials)`);
  return queues as ('sweeps' | 'trials')[];
}

const program = new Command('hpsearch').description('Hyperparameter-search orchestrator on Temporal and Postgres');

program
  .command('start')
  .description('API, sweep worker and trial worker in one process; PGlite and a Temporal dev server under DATA_DIR unless DATABASE_URL / TEMPORAL_ADDRESS are set')
  .option('--concurrency <n>', 'trials this process runs at once', positiveInt)
  .action(async (opts: { concurrency?: number }) => {
    await runService('all', opts.concurrency ? { concurrency: opts.concurrency } : {});
  });

program
  .command('serve')
  .description('the API only (needs DATABASE_URL and TEMPORAL_ADDRESS)')
  .action(async () => {
    await runService('api');
  });

program
  .command('worker')
  .description('a worker (needs DATABASE_URL and TEMPORAL_ADDRESS); run one per GPU with CUDA_VISIBLE_DEVICES')
  .option('--queues <list>', 'task queues to serve: sweeps, trials or both', queueList, ['sweeps', 'trials'])
  .option('--concurrency <n>', 'trials at once (default: WORKER_CONCURRENCY, else one per visible GPU, else 1)', positiveInt)
  .action(async (opts: { queues: ('sweeps' | 'trials')[]; concurrency?: number }) => {
    await runService('worker', { queues: opts.queues, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
  });

program.parseAsync().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : `hpsearch: ${error.message}`);
  process.exit(1);
});
