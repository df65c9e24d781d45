import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { trialMetrics, type TrialMetricRow } from '../schema/index';

export interface MetricPoint {
  step: number;
  epoch?: number;
  values: Record<string, number>;
}

/** Stores metric points; a step already stored is left as it is, so retried writes are no-ops. */
export async function recordTrialMetrics(db: Db, trialId: string, points: readonly MetricPoint[]): Promise<void> {
  if (points.length === 0) return;
  await db
    .insert(trialMetrics)
    .values(points.map((p) => ({ trialId, step: p.step, epoch: p.epoch ?? null, values: p.values })))
    .onConflictDoNothing({ target: [trialMetrics.trialId, trialMetrics.step] });
}

export async function trialCurve(db: Db, trialId: string): Promise<TrialMetricRow[]> {
  return db.select().from(trialMetrics).where(eq(trialMetrics.trialId, trialId)).orderBy(asc(trialMetrics.step));
}
