import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError } from 'commander';
import { positiveInt } from '../arguments';
import { searchStatuses, trialStatuses, type SearchStatus } from '../../status';
import {
  ApiProblem,
  createApiClient,
  exportTrials,
  getSearch,
  getTrialLogs,
  listSearches,
  listTrials,
  specFormatOf,
  submitSpec,
  unwrap,
  type ApiClient,
  type ExportFormat,
  type Search,
  type SpecFormat,
  type TrialStatus,
} from '../../client/index';
import { CliExit, ExitCode, reportError, searchExitCode } from './exit';
import { comparisonTable, describeSearch, describeTrial, paretoTable, searchesTable, tagsLine, trainersTable, trialsTable } from './format';
import { followSearch } from './watch';

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

/** Copies a download to stdout or a file; a file left half-written by a failure is removed. */
async function writeStream(body: ReadableStream<Uint8Array>, file: string | undefined): Promise<void> {
  const source = Readable.fromWeb(body);
  if (file === undefined) return pipeline(source, process.stdout, { end: false });
  try {
    await pipeline(source, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

/** The API answered with the problem of this type (`/problems/<slug>`). */
const isProblem = (error: unknown, slug: string) => error instanceof ApiProblem && error.problem.type === `/problems/${slug}`;

function searchStatus(value: string): SearchStatus {
  if (!(searchStatuses as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${searchStatuses.join(', ')}`);
  return value as SearchStatus;
}

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

type Annotated = Pick<Search, 'notes' | 'tags'>;

/** A search's notes and tags, or a trial's. */
async function readAnnotated(client: ApiClient, id: string, trial: boolean | undefined): Promise<Annotated> {
  return trial ? unwrap(await client.GET('/v1/trials/{id}', { params: { path: { id } } })) : getSearch(client, id);
}

async function annotate(client: ApiClient, id: string, trial: boolean | undefined, body: { notes?: string; tags?: Record<string, string | null> }): Promise<Annotated> {
  return trial ? unwrap(await client.PATCH('/v1/trials/{id}', { params: { path: { id } }, body })) : unwrap(await client.PATCH('/v1/searches/{id}', { params: { path: { id } }, body }));
}

export function registerRemoteCommands(program: Command): void {
  remoteCommand(program, 'submit <spec>', 'start a search from a YAML or JSON spec file', async (client, options: RemoteOptions & { watch?: boolean; interval: number }, file: string) => {
    const { text, format } = await readSpec(file);
    const search = await submitSpec(client, text, format);
    if (!options.watch) {
      if (options.json) printJson(search);
      else print(`submitted search ${search.id} (${search.name}): ${search.progress.maxTrials} trials\nwatch it with: hpsearch status ${search.id} --watch`);
      return ExitCode.ok;
    }
    if (!options.json) print(`submitted search ${search.id} (${search.name})`);
    return followSearch(client, search.id, { intervalMs: options.interval, json: options.json === true });
  })
    .option('-w, --watch', 'show live progress until the search ends, then its best trial')
    .option('--interval <ms>', 'polling interval with --watch', positiveInt, 1000);

  remoteCommand(program, 'list', 'searches, newest first, with their status, progress and best objective', async (client, options: RemoteOptions & { status?: SearchStatus; tag?: string[]; archived?: boolean; limit: number }) => {
    const filters = {
      ...(options.status ? { status: options.status } : {}),
      ...(options.tag ? { tag: options.tag.map((pair) => pair.replace('=', ':')) } : {}),
      ...(options.archived ? { archived: 'true' as const } : {}),
    };
    const { searches, more } = await listSearches(client, filters, options.limit);
    if (options.json) printJson(searches);
    else print(searches.length > 0 ? searchesTable(searches) : 'no searches');
    if (more && !options.json) process.stderr.write(`older searches not shown (raise --limit ${options.limit})\n`);
    return ExitCode.ok;
  })
    .option('--status <status>', `only searches in this status (${searchStatuses.join(', ')})`, searchStatus)
    .option('--tag <key=value...>', 'only searches with these tags (all of them)', (pair: string, pairs: string[] = []) => {
      if (pair.indexOf('=') < 1) throw new InvalidArgumentError(`'${pair}' is not key=value`);
      return [...pairs, pair];
    })
    .option('--archived', 'only archived searches (which the list leaves out otherwise)')
    .option('--limit <n>', 'at most this many searches', positiveInt, 20);

  remoteCommand(
    program,
    'status <id>',
    "a search's status, progress and best objective (exit 1 when it failed, was cancelled or is interrupted); --watch follows it until it ends",
    async (client, options: RemoteOptions & { watch?: boolean; interval: number }, id: string) => {
      if (options.watch) return followSearch(client, id, { intervalMs: options.interval, json: options.json === true });
      const search = await getSearch(client, id);
      if (options.json) printJson(search);
      else print(describeSearch(search));
      return searchExitCode(search);
    },
  )
    .option('-w, --watch', 'show live progress until the search ends, then its best trial')
    .option('--interval <ms>', 'polling interval with --watch', positiveInt, 1000);

  remoteCommand(program, 'best <id>', 'the best trial so far, with its parameters', async (client, options, id: string) => {
    const [search, best] = await Promise.all([
      getSearch(client, id),
      client
        .GET('/v1/searches/{id}/best', { params: { path: { id } } })
        .then(unwrap)
        .catch((error: unknown) => {
          if (isProblem(error, 'no-best-trial')) return undefined;
          throw error;
        }),
    ]);
    if (!best) throw new CliExit(ExitCode.noSucceededTrial, `search ${id} has no succeeded trial yet (it is ${search.status})`);
    if (options.json) printJson(best);
    else print('trials' in best ? paretoTable(search, best) : describeTrial(best, search.objective.metric));
    return ExitCode.ok;
  });

  remoteCommand(program, 'pareto <id>', 'the trials no other beats in every objective, with their objective values and parameters', async (client, options, id: string) => {
    const [search, pareto] = await Promise.all([getSearch(client, id), client.GET('/v1/searches/{id}/pareto', { params: { path: { id } } }).then(unwrap)]);
    if (options.json) printJson(pareto);
    else print(pareto.size > 0 ? paretoTable(search, pareto) : `search ${id} has no succeeded trial yet (it is ${search.status})`);
    return pareto.size > 0 ? ExitCode.ok : ExitCode.noSucceededTrial;
  });

  remoteCommand(program, 'compare <ids...>', 'searches with the same objective side by side (2 to 10): progress, best objective, trials it took', async (client, options, ids: string[]) => {
    const comparison = unwrap(await client.GET('/v1/compare', { params: { query: { searches: ids.join(',') } } }));
    if (options.json) printJson(comparison);
    else print(comparisonTable(comparison));
    return ExitCode.ok;
  });

  remoteCommand(program, 'trainers', 'the trainers a spec may name, with the live workers that run them', async (client, options) => {
    const { items } = unwrap(await client.GET('/v1/trainers'));
    if (options.json) printJson(items);
    else print(trainersTable(items));
    return ExitCode.ok;
  });

  remoteCommand(program, 'trials <id>', "a search's trials, with their final metrics", async (client, options: RemoteOptions & { status?: string; sort: string; order?: 'asc' | 'desc'; filter?: string; limit?: number }, id: string) => {
    const query = { sort: options.sort, ...(options.order ? { order: options.order } : {}), ...(options.filter ? { filter: options.filter } : {}), ...(options.status ? { status: options.status as TrialStatus } : {}) };
    const [search, trials] = await Promise.all([getSearch(client, id), listTrials(client, id, query, options.limit)]);
    if (options.json) printJson(trials);
    else print(trials.length > 0 ? trialsTable(search, trials) : 'no trials');
    return ExitCode.ok;
  })
    .option('--status <status>', `only trials in this status (${trialStatuses.join(', ')})`)
    .option('--filter <clauses>', 'only trials whose final metrics pass: <metric>:<gt|gte|lt|lte>:<number>, comma-separated (e.g. train_loss:lt:0.5)')
    .option('--sort <key>', 'ordinal, objective (best first) or metric:<name> (a final metric, e.g. metric:train_loss)', 'ordinal')
    .option('--order <order>', 'asc or desc (default: best objective first, else ascending)', (value) => {
      if (value !== 'asc' && value !== 'desc') throw new InvalidArgumentError('must be asc or desc');
      return value;
    })
    .option('--limit <n>', 'at most this many trials', positiveInt);

  remoteCommand(program, 'export <id>', "every trial of a search as CSV or JSON Lines, streamed to stdout or --output", async (client, options: RemoteOptions & { format: ExportFormat; output?: string }, id: string) => {
    const body = await exportTrials(client, id, options.format);
    await writeStream(body, options.output);
    return ExitCode.ok;
  })
    .option('--format <format>', 'csv or jsonl', (value) => {
      if (value !== 'csv' && value !== 'jsonl') throw new InvalidArgumentError('must be csv or jsonl');
      return value;
    }, 'csv')
    .option('--output <file>', 'write to this file instead of stdout (removed again when the export fails)');

  remoteCommand(program, 'logs <trialId>', "a trial's output (stderr and non-protocol stdout), every attempt's unless --attempt", async (client, options: RemoteOptions & { attempt?: number; tail?: number }, trialId: string) => {
    const logs = await getTrialLogs(client, trialId, { ...(options.attempt !== undefined ? { attempt: options.attempt } : {}), ...(options.tail !== undefined ? { tail: options.tail } : {}) });
    if (options.json) printJson({ trialId, attempt: options.attempt ?? null, logs });
    else process.stdout.write(logs);
    return ExitCode.ok;
  })
    .option('--attempt <n>', 'only this attempt (1 is the first)', positiveInt)
    .option('--tail <n>', 'only the last n lines', positiveInt);

  remoteCommand(program, 'cancel <id>', 'cancel a search: running trials are stopped, no new ones start', async (client, options, id: string) => {
    const answer = await client.POST('/v1/searches/{id}/cancel', { params: { path: { id } } });
    let search: Search;
    try {
      search = unwrap(answer);
    } catch (error) {
      if (!isProblem(error, 'search-finished')) throw error;
      const ended = await getSearch(client, id);
      if (options.json) printJson(ended);
      else print(`already ended (${ended.status})`);
      return ExitCode.ok;
    }
    if (options.json) printJson(search);
    else print(`${answer.response.status === 202 ? 'cancel requested' : 'already cancelled'}\n${describeSearch(search)}`);
    return ExitCode.ok;
  });

  remoteCommand(program, 'delete <id>', 'delete an ended search (succeeded, failed, cancelled) with its trials, metrics, logs and files; --force cancels an open one first', async (client, options: RemoteOptions & { force?: boolean }, id: string) => {
    unwrap(await client.DELETE('/v1/searches/{id}', { params: { path: { id }, query: { force: options.force ? 'true' : 'false' } } }));
    if (options.json) printJson({ id, deleted: true });
    else print(`deleted search ${id}`);
    return ExitCode.ok;
  }).option('--force', 'cancel the search first when it is still running, and delete it once its sweep has stopped');

  remoteCommand(program, 'notes <id> [text]', "a search's notes (a trial's with --trial); with text, replaces them (\"\" clears them)", async (client, options: RemoteOptions & { trial?: boolean }, id: string, text?: string) => {
    const annotated = text === undefined ? await readAnnotated(client, id, options.trial) : await annotate(client, id, options.trial, { notes: text });
    if (options.json) printJson(annotated);
    else print(annotated.notes === '' ? '(no notes)' : annotated.notes);
    return ExitCode.ok;
  }).option('--trial', 'the id names a trial');

  remoteCommand(program, 'tag <id> [pairs...]', "set a search's tags (a trial's with --trial) as key=value; --remove takes keys off; without either, lists them", async (client, options: RemoteOptions & { trial?: boolean; remove?: string[] }, id: string, pairs: string[]) => {
    const tags: Record<string, string | null> = Object.fromEntries((options.remove ?? []).map((key) => [key, null]));
    for (const pair of pairs) {
      const at = pair.indexOf('=');
      if (at < 1) throw new CliExit(ExitCode.usage, `'${pair}' is not key=value`);
      tags[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const annotated = Object.keys(tags).length === 0 ? await readAnnotated(client, id, options.trial) : await annotate(client, id, options.trial, { tags });
    if (options.json) printJson(annotated.tags);
    else print(tagsLine(annotated.tags) || '(no tags)');
    return ExitCode.ok;
  })
    .option('--trial', 'the id names a trial')
    .option('--remove <keys...>', 'take these tags off');

  remoteCommand(program, 'archive <id>', 'archive a search: GET /v1/searches and the dashboard leave it out unless asked; --unarchive brings it back', async (client, options: RemoteOptions & { unarchive?: boolean }, id: string) => {
    const search = unwrap(await client.PATCH('/v1/searches/{id}', { params: { path: { id } }, body: { archived: !options.unarchive } }));
    if (options.json) printJson(search);
    else print(`search ${id} ${search.archived ? 'archived' : 'no longer archived'}`);
    return ExitCode.ok;
  }).option('--unarchive', 'bring an archived search back into the list');

  remoteCommand(program, 'resume <id>', 'resume a search whose sweep stopped; --max-trials extends a finished one, --parallelism changes how many trials run at once', async (client, options: RemoteOptions & { maxTrials?: number; parallelism?: number }, id: string) => {
    const body = { ...(options.maxTrials !== undefined ? { maxTrials: options.maxTrials } : {}), ...(options.parallelism !== undefined ? { parallelism: options.parallelism } : {}) };
    const result = unwrap(await client.POST('/v1/searches/{id}/resume', { params: { path: { id } }, body }));
    if (options.json) printJson(result);
    else if (result.resumed) print(`resumed: ${result.finishedTrials} trials kept, ${result.requeuedTrials.length} cancelled trials queued again\n${describeSearch(result.search)}`);
    else if (result.reason === 'running') print('already running: its sweep goes on');
    else print(`already ended (${result.search.status}): every trial is done (raise --max-trials to extend it)`);
    return ExitCode.ok;
  })
    .option('--max-trials <n>', 'a larger budget', positiveInt)
    .option('--parallelism <n>', 'trials the resumed sweep runs at once', positiveInt);
}
