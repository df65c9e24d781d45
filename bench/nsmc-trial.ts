/**
 * Times NSMC trials end to end through the public API: trainNsmc (worker thread, checkpoints) then
 * evaluateNsmc (onnxruntime), and prints one table row per trial. Trials with the same training
 * configuration share a model directory, so the second one reuses the trained model.
 *
 *   npx tsx bench/nsmc-trial.ts          the shipped slice: 10,221 train / 5,272 test reviews
 *   npx tsx bench/nsmc-trial.ts --full   adds the full corpus: 150k train / 50k test reviews
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import type { Params } from '../src/search-spec/space';
import { evaluateNsmc, nsmcDataFiles, trainNsmc } from '../src/trainers/nsmc/index';

interface Trial {
  name: string;
  params: Params;
  trainPath: string;
  testPath: string;
  sampling: { temperature: number; top_p: number };
}

const slice = { trainPath: nsmcDataFiles.sliceTrain, testPath: nsmcDataFiles.sliceTest };
const full = { trainPath: nsmcDataFiles.fullTrain, testPath: nsmcDataFiles.fullTest };
const greedy = { temperature: 0, top_p: 1 };

const trials: Trial[] = [
  { name: 'slice, defaults (3 epochs)', params: {}, ...slice, sampling: greedy },
  { name: 'slice, defaults, T=1 top_p=0.9', params: {}, ...slice, sampling: { temperature: 1, top_p: 0.9 } },
  { name: 'slice, learning_rate 1.0', params: { learning_rate: 1.0 }, ...slice, sampling: greedy },
];
const fullTrial: Trial = {
  name: 'full corpus, tuned',
  params: { per_device_train_batch_size: 64, num_train_epochs: 2, hash_buckets: 1 << 20 },
  ...full,
  sampling: greedy,
};

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function formatParams(params: Params): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? 'defaults' : entries.map(([k, v]) => `${k}=${v}`).join(' ');
}

async function runTrial(trial: Trial, workDir: string): Promise<string[]> {
  const modelDir = path.join(workDir, 'model');
  const cpuBefore = process.cpuUsage();
  const cpuSeconds = () => {
    const used = process.cpuUsage(cpuBefore);
    return seconds((used.user + used.system) / 1000);
  };
  const started = performance.now();
  let steps = 0;
  const trained = await trainNsmc(
    { params: trial.params, seed: 42, trainPath: trial.trainPath, modelDir, checkpointDir: path.join(workDir, 'checkpoints') },
    { onProgress: (report) => (steps = report.step) },
  );
  const trainedAt = performance.now();
  const stepsCell = trained.status === 'succeeded' && trained.reused ? 'reused' : String(steps);
  const sampling = `T=${trial.sampling.temperature} top_p=${trial.sampling.top_p}`;
  const row = [trial.name, formatParams(trial.params), stepsCell, seconds(trainedAt - started)];
  if (trained.status === 'diverged') {
    notes.push(`${trial.name}: ${trained.reason}`);
    return [...row, '-', seconds(trainedAt - started), cpuSeconds(), sampling, 'diverged', '-', '-', '-'];
  }
  const evaluated = await evaluateNsmc(modelDir, { ...trial.sampling, seed: 42, testPath: trial.testPath });
  const done = performance.now();
  const { metrics } = evaluated;
  return [
    ...row,
    seconds(done - trainedAt),
    seconds(done - started),
    cpuSeconds(),
    sampling,
    metrics.eval_accuracy.toFixed(4),
    metrics.greedy_accuracy.toFixed(4),
    metrics.eval_loss.toFixed(4),
    evaluated.provider,
  ];
}

function printTable(rows: string[][]): void {
  const header = ['trial', 'params', 'steps', 'train s', 'eval s', 'total s', 'cpu s', 'sampling', 'eval_accuracy', 'greedy_accuracy', 'eval_loss', 'provider'];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

const selected = process.argv.includes('--full') ? [...trials, fullTrial] : trials;
console.log(
  `nsmc trials on ${cpus().length} CPU cores, seed 42. train s: trainNsmc in a worker thread, with data loading and checkpoints; ` +
    'eval s: evaluateNsmc with onnxruntime, with loading and encoding the test file; cpu s: CPU time of all threads (wall time above it = waiting for a core).\n',
);
const scratch = await mkdtemp(path.join(tmpdir(), 'nsmc-bench-'));
const workDirs = new Map<string, string>();
const rows: string[][] = [];
const notes: string[] = [];
try {
  for (const trial of selected) {
    const key = JSON.stringify([trial.trainPath, trial.params]);
    if (!workDirs.has(key)) workDirs.set(key, path.join(scratch, String(workDirs.size)));
    rows.push(await runTrial(trial, workDirs.get(key) as string));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
printTable(rows);
for (const note of notes) console.log(`\n${note}`);
