/**
 * A 20-trial sweep over the six knobs with the nsmc trainer on the shipped slice, through the API of an
 * embedded stack: wall time and the best trial.   npm run bench:nsmc-sweep [-- --algorithm bayes --trials 20]
 */
import { parseArgs } from 'node:util';
import { startBenchStack } from './embedded-stack';
import { fixed, markdownTable } from './stats';

const { values: args } = parseArgs({ options: { algorithm: { type: 'string', default: 'random' }, trials: { type: 'string', default: '20' }, parallelism: { type: 'string', default: '2' } } });
const { runtime, stop } = await startBenchStack('nsmc-sweep', { trialConcurrency: Number(args.parallelism) });
const app = runtime.app!;
const started = performance.now();
const created = await app.inject({
  method: 'POST',
  url: '/v1/searches',
  payload: {
    name: 'nsmc six knobs',
    objective: { metric: 'eval_accuracy', goal: 'maximize' },
    algorithm: args.algorithm,
    seed: 7,
    budget: { maxTrials: Number(args.trials), parallelism: Number(args.parallelism) },
    trainer: { name: 'nsmc' },
    space: {
      learning_rate: { type: 'float', low: 1e-4, high: 3e-1, log: true },
      gradient_accumulation_steps: { type: 'int', values: [1, 2, 4, 8] },
      num_train_epochs: { type: 'int', low: 1, high: 5 },
      lr_scheduler_type: { type: 'categorical', values: ['constant', 'constant_with_warmup', 'linear', 'cosine', 'cosine_with_restarts', 'polynomial'] },
      temperature: { type: 'float', low: 0, high: 1.5 },
      top_p: { type: 'float', low: 0.5, high: 1 },
    },
    fixed: { warmup_steps: 50 },
  },
});
if (created.statusCode !== 201) throw new Error(created.body);
const { id } = created.json<{ id: string }>();
let search: any;
for (;;) {
  search = (await app.inject({ method: 'GET', url: `/v1/searches/${id}` })).json();
  if (!['queued', 'running'].includes(search.status)) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const wallS = (performance.now() - started) / 1000;
const trials = (await app.inject({ method: 'GET', url: `/v1/searches/${id}/trials?limit=200` })).json().items as any[];
console.log(`\nnsmc sweep: ${args.trials} ${args.algorithm} trials over the six knobs on the 10k/5k slice, parallelism ${args.parallelism}\n`);
console.log(
  markdownTable(
    ['status', 'wall (s)', 'succeeded', 'diverged', 'failed', 'trainings', 'best eval_accuracy', 'best params'],
    [[search.status, fixed(wallS), search.progress.succeeded, search.progress.diverged, search.progress.failed, trials.filter((t) => !t.trainingReused).length, fixed(search.best?.objective ?? Number.NaN, 4), JSON.stringify(search.best?.params ?? {})]],
  ),
);
console.log('\nper trial: ordinal, status, eval_accuracy, learning_rate, accumulation, epochs, scheduler, temperature, top_p');
for (const t of trials) console.log([t.ordinal, t.status, fixed(t.objective ?? Number.NaN, 4), t.params.learning_rate.toExponential(2), t.params.gradient_accumulation_steps, t.params.num_train_epochs, t.params.lr_scheduler_type, fixed(t.params.temperature, 2), fixed(t.params.top_p, 2)].join('  '));
await stop();
