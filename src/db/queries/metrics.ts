import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { trainings, trialMetrics, trials, type TrialMetricRow, type TrialRow } from '../schema/index';

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
 * `point`'s metrics added to `into`, a point of the same step (an evaluation logged at a training step):
 * its values win, the first epoch stays. Merging the same point again changes nothing.
 */
export function mergeMetricPoint(into: MetricPoint, point: MetricPoint): MetricPoint {
  const epoch = into.epoch ?? point.epoch;
  return { step: into.step, ...(epoch !== undefined ? { epoch } : {}), values: { ...into.values, ...point.values } };
}

/** Points with one per step, those of a repeated step merged (`mergeMetricPoint`), in order of first appearance. */
function mergePointsByStep(points: readonly MetricPoint[]): MetricPoint[] {
  const byStep = new Map<number, MetricPoint>();
  for (const point of points) {
    const earlier = byStep.get(point.step);
    byStep.set(point.step, earlier ? mergeMetricPoint(earlier, point) : point);
  }
  return [...byStep.values()];
}

/**
 * Stores metric points, in inserts that stay under the bind-parameter limit. A step already stored takes
 * the new point's metrics into its own (jsonb `||`, its epoch kept), so a second line at a step adds its
 * keys while a retried write (or a retry after a chunk failed) changes nothing.
 */
export async function recordTrialMetrics(db: Db, trialId: string, points: readonly MetricPoint[]): Promise<void> {
  const merged = mergePointsByStep(points);
  for (let start = 0; start < merged.length; start += metricRowsPerInsert) {
    await db
      .insert(trialMetrics)
      .values(merged.slice(start, start + metricRowsPerInsert).map((p) => ({ trialId, step: p.step, epoch: p.epoch ?? null, values: p.values })))
      .onConflictDoUpdate({
        target: [trialMetrics.trialId, trialMetrics.step],
        set: { values: sql`${trialMetrics.values} || excluded.values`, epoch: sql`coalesce(${trialMetrics.epoch}, excluded.epoch)` },
      });
  }
}

/** A trial's metric points by step; with `names`, only those metrics, at the steps that have one of them. */
export async function trialCurve(db: Db, trialId: string, names?: readonly string[]): Promise<TrialMetricRow[]> {
  if (!names) return db.select().from(trialMetrics).where(eq(trialMetrics.trialId, trialId)).orderBy(asc(trialMetrics.step));
  const wanted = sql`array[${sql.join(names.map((name) => sql`${name}`), sql`, `)}]::text[]`;
  const rows = await db
    .select()
    .from(trialMetrics)
    .where(and(eq(trialMetrics.trialId, trialId), sql`${trialMetrics.values} ?| ${wanted}`))
    .orderBy(asc(trialMetrics.step));
  return rows.map((row) => ({ ...row, values: Object.fromEntries(Object.entries(row.values).filter(([name]) => names.includes(name))) }));
}

/** The trial that ran the training a trial evaluated (train once, evaluate many), when it is another trial. */
async function trainingHolderOf(db: Db, trial: Pick<TrialRow, 'id' | 'trainKey' | 'trainingReused'>): Promise<string | undefined> {
  if (!trial.trainingReused) return undefined;
  const [training] = await db.select({ holder: trainings.holder }).from(trainings).where(eq(trainings.trainKey, trial.trainKey));
  return training && training.holder !== trial.id ? training.holder : undefined;
}

/**
 * A trial's curve, and for one that evaluated a training another trial ran (train once, evaluate many),
 * that training's curve before it: every trial shows the loss and learning rate its model was trained with.
 */
export async function trialCurveWithTraining(db: Db, trial: Pick<TrialRow, 'id' | 'trainKey' | 'trainingReused'>, names?: readonly string[]): Promise<TrialMetricRow[]> {
  const own = await trialCurve(db, trial.id, names);
  const holder = await trainingHolderOf(db, trial);
  if (holder === undefined) return own;
  const ownSteps = new Set(own.map((point) => point.step));
  const trained = (await trialCurve(db, holder, names)).filter((point) => !ownSteps.has(point.step));
  return [...trained, ...own].sort((a, b) => a.step - b.step);
}

/** The names of the metrics on a trial's curve (with the training's it reused, as `trialCurveWithTraining` shows it), sorted. */
export async function curveMetricNames(db: Db, trial: Pick<TrialRow, 'id' | 'trainKey' | 'trainingReused'>): Promise<string[]> {
  const holder = await trainingHolderOf(db, trial);
  const rows = await db
    .selectDistinct({ name: sql<string>`jsonb_object_keys(${trialMetrics.values})` })
    .from(trialMetrics)
    .where(inArray(trialMetrics.trialId, holder === undefined ? [trial.id] : [trial.id, holder]));
  return rows.map((row) => row.name).sort();
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
