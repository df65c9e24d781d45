import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { positiveInt } from '../arguments';
import { isUnsuccessfulSearch } from '../../status';
import { createApiClient, getSearch, getTrialLogs, listTrials, specFormatOf, submitSpec, unwrap, type ApiClient, type Search, type SpecFormat, type TrialStatus } from '../../client/index';
import { CliExit, ExitCode, reportError } from './exit';
import { describeSearch, describeTrial, trainersTable, trialsTable } from './format';
import { ProgressPrinter } from './progress';
import { watchSearch } from './watch';

const DEFAULT_URL = 'http://127.0.0.1:8080';

interface RemoteOptions {
  url: string;
  apiKey?: string;
  json?: boolean;
}

const print = (text: string) => process.stdout.write(`${text}\n`);
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

/** A command that talks to a running API: --url, --api-key and --json; errors mapped to exit codes. */
function remoteCommand<Args extends unknown[], Options extends RemoteOptions>(
  program: Command,
  nameAndArgs: string,
  description: string,
  action: (client: ApiClient, options: Options, ...args: Args) => Promise<number>,
): Command {
  return program
    .command(nameAndArgs)
    .description(description)
    .option('--url <url>', 'API base URL (env HPSEARCH_URL)', process.env.HPSEARCH_URL || DEFAULT_URL)
    .option('--api-key <key>', 'API key, for servers with API_KEYS (env HPSEARCH_API_KEY)')
    .option('--json', 'print JSON instead of text')
    .action(async (...received: unknown[]) => {
      const args = received.slice(0, -2) as Args;
      const options = received[received.length - 2] as Options;
      try {
        const client = createApiClient(options.url.replace(/\/+$/, ''), () => options.apiKey ?? process.env.HPSEARCH_API_KEY);
        process.exitCode = await action(client, options, ...args);
      } catch (error) {
        process.exitCode = reportError(error, (line) => process.stderr.write(`${line}\n`));
      }
    });
}

const settledExitCode = (search: Search) => (isUnsuccessfulSearch(search.status) ? ExitCode.searchFailed : ExitCode.ok);

async function readSpec(file: string): Promise<{ text: string; format: SpecFormat }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliExit(ExitCode.usage, `cannot read ${file}: ${(error as Error).message}`);
  }
  const format = /\.json$/i.test(file) ? 'json' : /\.ya?ml$/i.test(file) ? 'yaml' : specFormatOf(text);
  return { text, format };
}

/** Prints how a watched search ended: its summary and best trial. */
function printOutcome(search: Search): void {
  print(`search ${search.id} ${search.status}${search.error ? `: ${search.error}` : ''}`);
  print(search.best ? `best trial:\n${describeTrial(search.best, search.objective.metric)}` : 'no trial succeeded');
}

export function registerRemoteCommands(program: Command): void {
  remoteCommand(program, 'submit <spec>', 'start a search from a YAML or JSON spec file', async (client, options: RemoteOptions & { watch?: boolean; interval: number }, file: string) => {
    const { text, format } = await readSpec(file);
    const search = await submitSpec(client, text, format);
    if (!options.watch) {
      if (options.json) printJson(search);
      else print(`submitted search ${search.id} (${search.name}): ${search.progress.maxTrials} trials\nwatch it with: hpsearch status ${search.id}`);
      return ExitCode.ok;
    }
    if (!options.json) print(`submitted search ${search.id} (${search.name})`);
    const progress = new ProgressPrinter(process.stdout);
    const final = await watchSearch(client, search.id, options.interval, options.json ? () => undefined : (s) => progress.update(s));
    progress.end();
    if (options.json) printJson(final);
    else printOutcome(final);
    return settledExitCode(final);
  })
    .option('-w, --watch', 'show live progress until the search ends, then its best trial')
    .option('--interval <ms>', 'polling interval with --watch', positiveInt, 1000);

  remoteCommand(program, 'status <id>', "a search's status, progress and best objective (exit 1 when it failed, was cancelled or is interrupted)", async (client, options, id: string) => {
    const search = await getSearch(client, id);
    if (options.json) printJson(search);
    else print(describeSearch(search));
    return settledExitCode(search);
  });

  remoteCommand(program, 'best <id>', 'the best trial so far, with its parameters', async (client, options, id: string) => {
    const [search, best] = await Promise.all([getSearch(client, id), client.GET('/v1/searches/{id}/best', { params: { path: { id } } }).then(unwrap)]);
    if (options.json) printJson(best);
    else print(describeTrial(best, search.objective.metric));
    return ExitCode.ok;
  });

  remoteCommand(program, 'trainers', 'the trainers a spec may name, with the live workers that run them', async (client, options) => {
    const { items } = unwrap(await client.GET('/v1/trainers'));
    if (options.json) printJson(items);
    else print(trainersTable(items));
    return ExitCode.ok;
  });

  remoteCommand(program, 'trials <id>', "a search's trials", async (client, options: RemoteOptions & { status?: string; sort: 'ordinal' | 'objective'; limit?: number }, id: string) => {
    const query = { sort: options.sort, ...(options.status ? { status: options.status as TrialStatus } : {}) };
    const trials = await listTrials(client, id, query, options.limit);
    if (options.json) printJson(trials);
    else print(trials.length > 0 ? trialsTable(trials) : 'no trials');
    return ExitCode.ok;
  })
    .option('--status <status>', 'only trials in this status (queued, running, succeeded, failed, diverged, pruned, cancelled)')
    .option('--sort <key>', 'ordinal, or objective (best first)', (value) => {
      if (value !== 'ordinal' && value !== 'objective') throw new InvalidArgumentError('must be ordinal or objective');
      return value;
    }, 'ordinal')
    .option('--limit <n>', 'at most this many trials', positiveInt);

  remoteCommand(program, 'logs <trialId>', "a trial's output (stderr and non-protocol stdout), every attempt's unless --attempt", async (client, options: RemoteOptions & { attempt?: number }, trialId: string) => {
    const logs = await getTrialLogs(client, trialId, options.attempt);
    if (options.json) printJson({ trialId, attempt: options.attempt ?? null, logs });
    else process.stdout.write(logs);
    return ExitCode.ok;
  }).option('--attempt <n>', 'only this attempt (1 is the first)', positiveInt);

  remoteCommand(program, 'cancel <id>', 'cancel a search: running trials are stopped, no new ones start', async (client, options, id: string) => {
    const search = unwrap(await client.POST('/v1/searches/{id}/cancel', { params: { path: { id } } }));
    if (options.json) printJson(search);
    else print(`cancel requested\n${describeSearch(search)}`);
    return ExitCode.ok;
  });

  remoteCommand(program, 'resume <id>', 'resume a search whose sweep stopped; --max-trials extends a finished one', async (client, options: RemoteOptions & { maxTrials?: number }, id: string) => {
    const result = unwrap(
      await client.POST('/v1/searches/{id}/resume', { params: { path: { id } }, body: options.maxTrials !== undefined ? { maxTrials: options.maxTrials } : {} }),
    );
    if (options.json) printJson(result);
    else if (result.resumed) print(`resumed: ${result.finishedTrials} trials kept, ${result.requeuedTrials.length} cancelled trials queued again\n${describeSearch(result.search)}`);
    else print(`not resumed: ${result.reason === 'running' ? 'its sweep is still running' : 'every trial is done (raise --max-trials to extend it)'}`);
    return ExitCode.ok;
  }).option('--max-trials <n>', 'a larger budget', positiveInt);
}
