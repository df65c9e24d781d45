import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { trialMetrics, trials, type TrialMetricRow } from '../schema/index';

export interface MetricPoint {
  step: number;
  epoch?: number;
  values: Record<string, number>;
}

/** Postgres (and PGlite) take at most 65,535 bind parameters per statement. */
const maxBindParameters = 65_535;
/** Columns an inserted metric row binds: trial_id, step, epoch, values. */
const parametersPerRow = 4;
export const metricRowsPerInsert = Math.floor(maxBindParameters / parametersPerRow);

/**
 * Stores metric points, in inserts that stay under the bind-parameter limit; a step already stored is
 * left as it is, so retried writes (and a retry after a chunk failed) are no-ops.
 */
export async function recordTrialMetrics(db: Db, trialId: string, points: readonly MetricPoint[]): Promise<void> {
  for (let start = 0; start < points.length; start += metricRowsPerInsert) {
    await db
      .insert(trialMetrics)
      .values(points.slice(start, start + metricRowsPerInsert).map((p) => ({ trialId, step: p.step, epoch: p.epoch ?? null, values: p.values })))
      .onConflictDoNothing({ target: [trialMetrics.trialId, trialMetrics.step] });
  }
}

export async function trialCurve(db: Db, trialId: string): Promise<TrialMetricRow[]> {
  return db.select().from(trialMetrics).where(eq(trialMetrics.trialId, trialId)).orderBy(asc(trialMetrics.step));
}

/** Every other trial's reported values of one metric, by ordinal: the peers a pruner compares against. */
export async function peerCurves(db: Db, searchId: string, trialId: string, metric: string): Promise<{ ordinal: number; intermediate: { step: number; value: number }[] }[]> {
  const rows = await db
    .select({ ordinal: trials.ordinal, step: trialMetrics.step, value: sql<string | null>`${trialMetrics.values} ->> ${metric}::text` })
    .from(trialMetrics)
    .innerJoin(trials, eq(trials.id, trialMetrics.trialId))
    .where(and(eq(trials.searchId, searchId), ne(trials.id, trialId)));
  const curves = new Map<number, { step: number; value: number }[]>();
  for (const row of rows) {
    const value = row.value === null ? Number.NaN : Number(row.value);
    if (!Number.isFinite(value)) continue;
    const curve = curves.get(row.ordinal) ?? [];
    curve.push({ step: row.step, value });
    curves.set(row.ordinal, curve);
  }
  return [...curves].map(([ordinal, intermediate]) => ({ ordinal, intermediate }));
}
