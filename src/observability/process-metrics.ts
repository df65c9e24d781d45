import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Metrics of this process's workers (and Node itself); the API adds its own registry on top. */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const trialDuration = new Histogram({
  name: 'hpsearch_trial_duration_seconds',
  help: 'Wall time of trial attempts on this worker, by trainer and outcome',
  labelNames: ['trainer', 'status'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 3 * HOUR, 12 * HOUR, 24 * HOUR],
  registers: [processRegistry],
});

export const suggestionLatency = new Histogram({
  name: 'hpsearch_suggestion_duration_seconds',
  help: 'Time the search algorithm takes to suggest a batch of trials',
  labelNames: ['algorithm'] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
  registers: [processRegistry],
});
