import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Samples of the Prometheus text format (label values here hold no escaped quotes). */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
export type MetricReader = (name: string, labels?: Record<string, string>) => number | undefined;

/** GET /metrics, checked to be the Prometheus text format. */
export async function scrapeMetrics(app: FastifyInstance): Promise<MetricReader> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = parseSamples(response.body);
  return (name, labels = {}) => {
    const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
  };
}
