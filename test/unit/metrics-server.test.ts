import { describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../src/observability/metrics-server';
import { trialDuration } from '../../src/observability/process-metrics';

describe("a worker's own /metrics listener (METRICS_PORT)", () => {
  it("serves this process's metrics in the Prometheus format, and nothing else", async () => {
    trialDuration.observe({ trainer: 'synthetic', status: 'succeeded' }, 2.5);
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('hpsearch_trial_duration_seconds_sum{trainer="synthetic",status="succeeded"} 2.5');
      expect(text).toContain('# TYPE hpsearch_suggestion_duration_seconds histogram');
      expect(text).toContain('process_cpu_seconds_total');
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
