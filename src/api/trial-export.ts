import { Readable } from 'node:stream';
import type { TrialRow } from '../db/index';
import type { TrialExport } from '../searches/index';

export const exportFormats = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
} as const;
export type ExportFormat = keyof typeof exportFormats;

/** Trials read from the database per batch: what an export holds in memory at a time. */
export const EXPORT_BATCH_SIZE = 500;

type Cell = string | number | boolean | null;

const finiteOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** One trial as an export row: the columns of `exportColumns`, in that order, as JSON would hold them. */
function exportRow(trial: TrialRow, parameters: readonly string[], metrics: readonly string[]) {
  const started = trial.startedAt?.getTime();
  const finished = trial.finishedAt?.getTime();
  return {
    ordinal: trial.ordinal,
    id: trial.id,
    status: trial.status,
    params: Object.fromEntries(parameters.map((name): [string, Cell] => [name, typeof trial.params[name] === 'number' ? finiteOrNull(trial.params[name]) : (trial.params[name] ?? null)])),
    objective: finiteOrNull(trial.objective),
    metrics: Object.fromEntries(metrics.map((name): [string, Cell] => [name, finiteOrNull(trial.metrics?.[name])])),
    createdAt: trial.createdAt.toISOString(),
    startedAt: trial.startedAt?.toISOString() ?? null,
    finishedAt: trial.finishedAt?.toISOString() ?? null,
    durationSeconds: started !== undefined && finished !== undefined ? (finished - started) / 1000 : null,
    attempts: trial.attempt,
    evaluations: trial.evaluations,
    trainingReused: trial.trainingReused,
    error: trial.error,
  };
}
type ExportRow = ReturnType<typeof exportRow>;

/** The CSV header: parameters as `param.<name>`, final metrics as `metric.<name>`, so neither can clash with a trial's own columns. */
function csvHeader(parameters: readonly string[], metrics: readonly string[]): string[] {
  return [
    'ordinal',
    'id',
    'status',
    ...parameters.map((name) => `param.${name}`),
    'objective',
    ...metrics.map((name) => `metric.${name}`),
    'createdAt',
    'startedAt',
    'finishedAt',
    'durationSeconds',
    'attempts',
    'evaluations',
    'trainingReused',
    'error',
  ];
}

function csvCells(row: ExportRow): Cell[] {
  const { params, metrics, ...rest } = row;
  return [
    rest.ordinal,
    rest.id,
    rest.status,
    ...Object.values(params),
    rest.objective,
    ...Object.values(metrics),
    rest.createdAt,
    rest.startedAt,
    rest.finishedAt,
    rest.durationSeconds,
    rest.attempts,
    rest.evaluations,
    rest.trainingReused,
    rest.error,
  ];
}

/** RFC 4180: a field with a quote, comma or line break is quoted, its quotes doubled; null is an empty field. */
function csvField(cell: Cell): string {
  const text = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: readonly Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

/** The export as text, one chunk per batch of trials: a header line first for CSV, one JSON object per line for JSONL. */
async function* exportChunks(source: TrialExport, format: ExportFormat): AsyncGenerator<string> {
  const { parameters, metrics } = source;
  if (format === 'csv') yield csvLine(csvHeader(parameters, metrics));
  for await (const batch of source.batches) {
    const rows = batch.map((trial) => exportRow(trial, parameters, metrics));
    yield rows.map((row) => (format === 'csv' ? csvLine(csvCells(row)) : `${JSON.stringify(row)}\n`)).join('');
  }
}

/** A byte stream that reads the next batch only when the reply has taken the previous one. */
export function exportStream(source: TrialExport, format: ExportFormat): Readable {
  return Readable.from(exportChunks(source, format), { objectMode: false, highWaterMark: 1 });
}

export const exportFileName = (searchId: string, format: ExportFormat) => `search-${searchId}-trials.${exportFormats[format].extension}`;
