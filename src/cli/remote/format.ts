import { beforeConfirmationText, constraintsText, formatPercent, formatValue, intervalText, objectivesText, objectiveText } from '../../client/format';
import type { Comparison, ParetoSet, Search, TrainerListing, Trial, TrialDetail } from '../../client/index';
import { searchedParameters } from '../../client/params';

const BAR_WIDTH = 24;

/** `[##########--------------] 9/20 45%  running 4  failed 0  best eval_accuracy=0.8123 ± 0.0041 (#7)` (± where the best has an interval) */
export function progressLine(search: Search): string {
  const { progress, best, objective } = search;
  const filled = progress.maxTrials > 0 ? Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * progress.finished) / progress.maxTrials)) : 0;
  const parts = [
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${progress.finished}/${progress.maxTrials} ${formatPercent(progress.percent)}`,
    `running ${progress.running}`,
    `failed ${progress.failed}`,
    ...(progress.diverged > 0 ? [`diverged ${progress.diverged}`] : []),
    ...(progress.infeasible > 0 ? [`infeasible ${progress.infeasible}`] : []),
    best ? `best ${objective.metric}=${objectiveText(best)} (#${best.ordinal})` : 'best -',
  ];
  return parts.join('  ');
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

const formatParams = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join('  ');

export function describeTrial(trial: Trial | TrialDetail, metric: string): string {
  const rows = [
    ['trial', `#${trial.ordinal}  ${trial.id}`],
    ['status', trial.status],
    ['objective', `${metric}=${intervalText(trial) ?? formatValue(trial.objective)}`],
    ...(trial.beforeConfirmation ? [['before confirmation', `${metric}=${beforeConfirmationText(trial)}`]] : []),
    ['params', formatParams(trial.params)],
    ...(trial.metrics ? [['metrics', formatParams(trial.metrics)]] : []),
    ...(trial.error ? [['error', trial.error]] : []),
  ];
  return table(rows);
}

export function describeSearch(search: Search): string {
  const rows = [
    ['search', `${search.id}  ${search.name}`],
    ['status', search.status + (search.error ? `: ${search.error}` : '')],
    ['algorithm', `${search.algorithm} (trainer ${search.trainer})`],
    [search.objectives ? 'objectives' : 'objective', objectivesText(search)],
    ...(search.constraints ? [['constraints', constraintsText(search.constraints)]] : []),
    ['progress', progressLine(search)],
    ...(search.links.temporalUi ? [['temporal', search.links.temporalUi]] : []),
    ...(Object.keys(search.tags).length > 0 ? [['tags', tagsLine(search.tags)]] : []),
    ...(search.archived ? [['archived', 'yes']] : []),
    ...(search.notes !== '' ? [['notes', search.notes]] : []),
  ];
  return table(rows);
}

/** `model=llama-7b  stage=draft`, keys in order. */
export const tagsLine = (tags: Record<string, string>) =>
  Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key]}`)
    .join('  ');

/**
 * One row per trial, with its evaluation count where one of these rows was evaluated more than once, a column for
 * each parameter the search varies, even one constant in these rows, then one for each final metric any of them
 * reports besides the objective.
 */
export function trialsTable(search: Search, trials: Trial[]): string {
  const names = searchedParameters(search);
  const metrics = [...new Set(trials.flatMap((t) => Object.keys(t.metrics ?? {})))].filter((m) => m !== search.objective.metric).sort();
  const repeated = trials.some((t) => t.evaluations > 1);
  const header = ['#', 'status', 'objective', ...(repeated ? ['evaluations'] : []), ...names, ...metrics];
  return table([
    header,
    ...trials.map((t) => [
      String(t.ordinal),
      t.status,
      formatValue(t.objective),
      ...(repeated ? [String(t.evaluations)] : []),
      ...names.map((n) => formatValue(t.params[n])),
      ...metrics.map((m) => formatValue(t.metrics?.[m])),
    ]),
  ]);
}

/** One row per trial of the front: its value of each objective (with the goal), then the parameters the search varies; a last line when more trials are on the front than listed. */
export function paretoTable(search: Search, { objectives, trials, size }: ParetoSet): string {
  const names = searchedParameters(search);
  const header = ['#', ...objectives.map((o) => `${o.metric} (${o.goal === 'maximize' ? 'max' : 'min'})`), ...names];
  const rows = table([header, ...trials.map((t) => [String(t.ordinal), ...objectives.map((o) => formatValue(t.metrics?.[o.metric])), ...names.map((n) => formatValue(t.params[n]))])]);
  return size > trials.length ? `${rows}\n(${size - trials.length} more on the front)` : rows;
}

/** One row per search: its status, progress and best objective. */
export function searchesTable(searches: Search[]): string {
  const header = ['id', 'name', 'status', 'progress', 'best', 'created (UTC)'];
  const rows = searches.map((s) => [
    s.id,
    s.name,
    s.status,
    `${s.progress.finished}/${s.progress.maxTrials} ${formatPercent(s.progress.percent)}`,
    s.best ? `${s.objective.metric}=${objectiveText(s.best)}` : '-',
    s.createdAt.slice(0, 19).replace('T', ' '),
  ]);
  return table([header, ...rows]);
}

/** How a watched search ended: its status and its best trial. */
export function describeOutcome(search: Search): string {
  const ended = `search ${search.id} ${search.status}${search.error ? `: ${search.error}` : ''}`;
  return `${ended}\n${search.best ? `best trial:\n${describeTrial(search.best, search.objective.metric)}` : 'no trial succeeded'}`;
}

/** One row per trainer: whether it is staged, where its trials go, and its live workers (the newest first). */
export function trainersTable(trainers: TrainerListing[]): string {
  const header = ['trainer', 'kind', 'task queue', 'metrics', 'workers'];
  const rows = trainers.map((t) => [
    t.name,
    `${t.builtIn ? 'built-in' : 'registered'}${t.staged ? ', staged' : ''}`,
    t.taskQueue,
    t.metrics.join(',') || '-',
    t.workers.map((w) => `${w.worker}${w.matchesOffered ? '' : ' (other descriptor)'}`).join(', ') || '-',
  ]);
  return table([header, ...rows]);
}

/** The completed-trial count at which a best-so-far curve first reached its final value ('-' without one). */
function trialsToBest(curve: Comparison['searches'][number]['bestSoFar']): string {
  const final = curve[curve.length - 1]?.best ?? null;
  if (final === null) return '-';
  return String(curve.find((point) => point.best === final)!.trials);
}

/** One row per compared search: progress, best objective, and after how many completed trials it was reached. */
export function comparisonTable({ objective, searches }: Comparison): string {
  const header = ['search', 'name', 'algorithm', 'status', 'trials', `best ${objective.metric}`, 'best at trial', 'best #'];
  const rows = searches.map(({ search, completed, bestSoFar }) => [
    search.id,
    search.name,
    search.algorithm,
    search.status,
    `${completed}/${search.progress.maxTrials}`,
    formatValue(search.best?.objective ?? null),
    trialsToBest(bestSoFar),
    search.best ? String(search.best.ordinal) : '-',
  ]);
  return `objective: ${objective.goal} ${objective.metric}\n${table([header, ...rows])}`;
}
