import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AnswerCache } from '../api/answer-cache';
import { countAllTrialsByStatus, type Db } from '../db/index';
import { openCount, trialStatuses } from '../status';
import { processRegistry } from './process-metrics';

/** The app's own metrics: HTTP latency, the answer cache's use, and trial counts read from the database at scrape time. */
function apiRegistry(db: Db, answers: AnswerCache): { registry: Registry; httpDuration: Histogram<'method' | 'route' | 'status_code'> } {
  const registry = new Registry();
  const httpDuration = new Histogram({
    name: 'hpsearch_http_request_duration_seconds',
    help: 'API request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Counter({
    name: 'hpsearch_answer_cache_lookups_total',
    help: 'Full answers of search reads looked up in the answer cache, by whether one was held for the current version',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'hit' }, answers.hits);
      this.inc({ outcome: 'miss' }, answers.misses);
    },
  });
  new Gauge({
    name: 'hpsearch_answer_cache_bytes',
    help: 'Bytes of answers (and their URLs) the answer cache holds',
    registers: [registry],
    collect() {
      this.set(answers.bytes);
    },
  });
  new Gauge({
    name: 'hpsearch_trials',
    help: 'Trials of all searches by status, from the database',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await countAllTrialsByStatus(db);
      for (const status of trialStatuses) this.set({ status }, counts[status]);
    },
  });
  new Gauge({
    name: 'hpsearch_queue_depth',
    help: 'Trials handed out but not finished (queued + running), from the database',
    registers: [registry],
    async collect() {
      this.set(openCount(await countAllTrialsByStatus(db)));
    },
  });
  return { registry, httpDuration };
}

/** GET /metrics in Prometheus text format: this process's worker metrics plus the API's. */
export function registerApiMetrics(app: FastifyInstance, db: Db, answers: AnswerCache): void {
  const { registry, httpDuration } = apiRegistry(db, answers);
  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const merged = Registry.merge([processRegistry, registry]);
    reply.type(merged.contentType);
    return merged.metrics();
  });
}
