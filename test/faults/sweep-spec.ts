/** A random synthetic sweep whose trials take long enough to be interrupted. */
export const faultSweepSpec = (maxTrials: number, durationMs: number, seed = 13) => ({
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'random',
  seed,
  budget: { maxTrials, parallelism: 2 },
  trainer: { name: 'synthetic' },
  space: {
    learning_rate: { type: 'float', low: 1e-5, high: 1e-2, log: true },
    num_train_epochs: { type: 'int', low: 1, high: 5 },
    temperature: { type: 'float', low: 0, high: 1 },
  },
  fixed: { duration_ms: durationMs, steps: 4 },
});
