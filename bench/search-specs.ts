/** The search specs the benchmarks post or seed. */

/** A random search of no-op synthetic trials (no steps, no sleep): what a sweep costs without a trainer. */
export const noopRandomSearch = (maxTrials: number, parallelism: number) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  budget: { maxTrials, parallelism },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-3, log: true } },
  fixed: { steps: 0 },
});

/** A random search of short synthetic trials over learning rate and temperature. */
export const shortRandomSearch = (maxTrials: number, parallelism: number) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  budget: { maxTrials, parallelism },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true }, temperature: { type: 'float', low: 0, high: 1 } },
  fixed: { steps: 3 },
});
