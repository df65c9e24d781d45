import { Command, InvalidArgumentError } from 'commander';
import { hashApiKey } from '../api/auth';
import { ConfigError } from '../config';
import { positiveInt, searchIdArgument } from './arguments';
import { trainerFromFlag } from './trainer-flag';
import { ExitCode } from './remote/exit';
import { registerRemoteCommands } from './remote/commands';

/** Loads the service code (database, Temporal workers, API) only for the commands that run it. */
const runService: typeof import('./run-service').runService = async (...args) => (await import('./run-service')).runService(...args);

function queueList(value: string): ('sweeps' | 'trials')[] {
  const queues = value.split(',').map((q) => q.trim());
  for (const q of queues) if (q !== 'sweeps' && q !== 'trials') throw new InvalidArgumentError(`unknown queue '${q}' (sweeps, trials)`);
  return queues as ('sweeps' | 'trials')[];
}

const program = new Command('hpsearch')
  .description('Hyperparameter-search orchestrator on Temporal and Postgres')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : ExitCode.usage));

program
  .command('start')
  .description('API, sweep worker and trial worker in one process; PGlite and a Temporal dev server under DATA_DIR unless DATABASE_URL / TEMPORAL_ADDRESS are set')
  .option('--concurrency <n>', 'trials this process runs at once', positiveInt)
  .action(async (opts: { concurrency?: number }) => {
    await runService('all', opts.concurrency ? { concurrency: opts.concurrency } : {});
  });

program
  .command('hash-key')
  .description('print the API_KEYS entry for a key: name:sha256 (the server keeps only the hash)')
  .argument('<name>', 'the tenant the key belongs to')
  .argument('<key>', 'the secret key')
  .action((name: string, key: string) => {
    console.log(`${name}:${hashApiKey(key)}`);
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
  .option('--concurrency <n>', 'trials at once per trial queue (default: WORKER_CONCURRENCY, else one per visible GPU, else 1)', positiveInt)
  .option('--trainers <file>', 'YAML/JSON file of the command trainers this worker runs and registers (default: TRAINERS_FILE)')
  .option('--trainer <settings>', 'one more command trainer, without a file: name=NAME[,metric=M]…, its command after --')
  .argument('[command...]', "the --trainer's command and its arguments, after --")
  .action(async (command: string[], opts: { queues: ('sweeps' | 'trials')[]; concurrency?: number; trainers?: string; trainer?: string }) => {
    if (!opts.trainer && command.length > 0) throw new InvalidArgumentError(`a command (${command[0]}) needs --trainer name=NAME`);
    await runService('worker', {
      queues: opts.queues,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.trainers ? { trainersFile: opts.trainers } : {}),
      ...(opts.trainer ? { trainer: trainerFromFlag(opts.trainer, command) } : {}),
    });
  });

program
  .command('check-summaries')
  .description("admin: compare every search's stored summary (trial counts, best trial) with the aggregate over its trials, in the service's database (DATABASE_URL, else DATA_DIR's PGlite with start stopped); exit 1 when some differ")
  .option('--search <id>', 'check this search only', searchIdArgument)
  .option('--fix', 'rewrite the summaries that differ from their trials')
  .option('--json', 'the check as JSON')
  .action(async (opts: { search?: string; fix?: boolean; json?: boolean }) => {
    const { checkSummariesCommand } = await import('./check-summaries');
    process.exitCode = await checkSummariesCommand(opts);
  });

registerRemoteCommands(program);

program.parseAsync().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : `hpsearch: ${error.message}`);
  process.exit(1);
});
