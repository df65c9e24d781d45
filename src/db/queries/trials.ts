import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Goal } from '../../search/types';
import type { Params } from '../../search-spec/space';
import type { Db } from '../client';
import { hasTags, mergedTags, tagsWithin } from './annotations';
import { trials, type AnnotationChange, type EvaluatedResult, type TagFilter, type TrialRow } from '../schema/index';
import { completedTrialStatuses, noTrials, openTrialStatuses, type CompletedTrialStatus, type FinalTrialStatus, type TrialCounts, type TrialStatus } from '../../status';

export interface NewTrial {
  ordinal: number;
  params: Params;
  trainKey: string;
}

/** Inserts trials unless their (search, ordinal) exists, and returns the stored rows: a retried call returns the same ids. */
export async function recordSuggestedTrials(db: Db, searchId: string, newTrials: readonly NewTrial[]): Promise<TrialRow[]> {
  if (newTrials.length === 0) return [];
  await db
    .insert(trials)
    .values(newTrials.map((t) => ({ id: randomUUID(), searchId, ...t })))
    .onConflictDoNothing({ target: [trials.searchId, trials.ordinal] });
  return trialsAt(db, searchId, newTrials.map((t) => t.ordinal));
}

export async function searchTrials(db: Db, searchId: string): Promise<TrialRow[]> {
  return db.select().from(trials).where(eq(trials.searchId, searchId)).orderBy(asc(trials.ordinal));
}

/** The search's trials at these ordinals, by ordinal. */
export async function trialsAt(db: Db, searchId: string, ordinals: readonly number[]): Promise<TrialRow[]> {
  if (ordinals.length === 0) return [];
  return db.select().from(trials).where(and(eq(trials.searchId, searchId), inArray(trials.ordinal, [...ordinals]))).orderBy(asc(trials.ordinal));
}

/** The search's queued and running trials, by ordinal. */
export async function openTrials(db: Db, searchId: string): Promise<TrialRow[]> {
  return db.select().from(trials).where(and(eq(trials.searchId, searchId), inArray(trials.status, [...openTrialStatuses]))).orderBy(asc(trials.ordinal));
}

/** One past the search's highest stored ordinal (0 without trials): a seek of the (search, ordinal) index. */
export async function nextTrialOrdinal(db: Db, searchId: string): Promise<number> {
  const [row] = await db.select({ ordinal: trials.ordinal }).from(trials).where(eq(trials.searchId, searchId)).orderBy(desc(trials.ordinal)).limit(1);
  return row === undefined ? 0 : row.ordinal + 1;
}

/** A search's completed trials (what a search learns from), in ordinal order, with only what a model reads. */
export async function completedTrialResults(db: Db, searchId: string): Promise<{ params: Params; status: CompletedTrialStatus; objective: number | null; metrics: Record<string, number> | null }[]> {
  const rows = await db
    .select({ params: trials.params, status: trials.status, objective: trials.objective, metrics: trials.metrics })
    .from(trials)
    .where(and(eq(trials.searchId, searchId), inArray(trials.status, [...completedTrialStatuses])))
    .orderBy(asc(trials.ordinal));
  return rows as { params: Params; status: CompletedTrialStatus; objective: number | null; metrics: Record<string, number> | null }[];
}

export async function getTrial(db: Db, id: string): Promise<TrialRow | undefined> {
  const [row] = await db.select().from(trials).where(eq(trials.id, id));
  return row;
}

/**
 * Marks a trial running for an attempt and counts it in `attempt` (attempts started, across workflow runs
 * and restarts) once per `attemptKey`, the Temporal activity attempt: a repeated write whose answer was
 * lost counts nothing more. A late retry of an older attempt cannot overwrite a finished trial.
 */
export async function markTrialRunning(db: Db, id: string, worker: string, attemptKey: string): Promise<TrialRow | undefined> {
  const [row] = await db
    .update(trials)
    .set({
      status: 'running',
      attempt: sql`case when ${trials.attemptKey} is distinct from ${attemptKey} then ${trials.attempt} + 1 else ${trials.attempt} end`,
      attemptKey,
      worker,
      error: null,
      startedAt: sql`coalesce(${trials.startedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(and(eq(trials.id, id), inArray(trials.status, [...openTrialStatuses])))
    .returning();
  return row;
}

/**
 * Notes why a running trial's attempt failed, for whoever records the trial after its last attempt: a
 * trial still `running` without a note when its attempts are over was left by a worker that died.
 */
export async function noteAttemptError(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(trials)
    .set({ error, updatedAt: new Date() })
    .where(and(eq(trials.id, id), eq(trials.status, 'running')));
}

/** What a trial's result says of its evaluations beside their means. */
export type EvaluationFields = Pick<EvaluatedResult, 'evaluations' | 'metricStdErrors' | 'objectiveBound'>;

export interface TrialResult {
  status: FinalTrialStatus;
  objective: number | null;
  metrics: Record<string, number>;
  error: string | null;
  trainingReused?: boolean;
  prunedAtStep?: number;
  /** A success evaluated more than once (see TrialRow's evaluations, metricStdErrors, objectiveBound). */
  evaluated?: EvaluationFields;
}

/**
 * Writes a trial's final result unless it already has one, and returns the status stored:
 * a late or repeated write never changes a finished trial.
 */
export async function recordTrialResult(db: Db, id: string, result: TrialResult): Promise<FinalTrialStatus> {
  const updated = await db
    .update(trials)
    .set({
      status: result.status,
      objective: result.objective,
      metrics: result.metrics,
      error: result.error,
      ...(result.trainingReused !== undefined ? { trainingReused: result.trainingReused } : {}),
      ...(result.prunedAtStep !== undefined ? { prunedAtStep: result.prunedAtStep } : {}),
      ...result.evaluated,
      finishedAt: sql`coalesce(${trials.finishedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(and(eq(trials.id, id), inArray(trials.status, [...openTrialStatuses])))
    .returning({ status: trials.status });
  if (updated[0]) return updated[0].status as FinalTrialStatus;
  const stored = await getTrial(db, id);
  if (!stored) throw new Error(`trial ${id} does not exist`);
  return stored.status as FinalTrialStatus;
}

/**
 * Replaces a succeeded, not yet confirmed trial's result with its confirmation's, keeping the result it replaces in
 * beforeConfirmation; true when written. A repeated write of the same confirmation changes nothing.
 */
export async function recordConfirmedResult(db: Db, id: string, result: EvaluatedResult): Promise<boolean> {
  const measured = sql`jsonb_build_object('objective', ${trials.objective}, 'metrics', ${trials.metrics}, 'evaluations', ${trials.evaluations},
    'metricStdErrors', ${trials.metricStdErrors}, 'objectiveBound', ${trials.objectiveBound})`;
  const updated = await db
    .update(trials)
    .set({ ...result, beforeConfirmation: measured, updatedAt: new Date() })
    .where(and(eq(trials.id, id), eq(trials.status, 'succeeded'), isNull(trials.beforeConfirmation)))
    .returning({ id: trials.id });
  return updated.length > 0;
}

/** Marks every unfinished trial of a search cancelled. */
export async function cancelOpenTrials(db: Db, searchId: string): Promise<void> {
  await db
    .update(trials)
    .set({ status: 'cancelled', finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(trials.searchId, searchId), inArray(trials.status, [...openTrialStatuses])));
}

/** Trials per status of each search, in one query. */
export async function countTrialsByStatusOf(db: Db, searchIds: readonly string[]): Promise<Map<string, TrialCounts>> {
  const counts = new Map(searchIds.map((id) => [id, noTrials()]));
  if (searchIds.length === 0) return counts;
  const rows = await db
    .select({ searchId: trials.searchId, status: trials.status, count: sql<number>`count(*)::int` })
    .from(trials)
    .where(inArray(trials.searchId, [...searchIds]))
    .groupBy(trials.searchId, trials.status);
  for (const row of rows) counts.get(row.searchId)![row.status] = Number(row.count);
  return counts;
}

/** Trials per status across every search. */
export async function countAllTrialsByStatus(db: Db): Promise<TrialCounts> {
  const counts = noTrials();
  const rows = await db.select({ status: trials.status, count: sql<number>`count(*)::int` }).from(trials).groupBy(trials.status);
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export async function countTrialsByStatus(db: Db, searchId: string): Promise<TrialCounts> {
  return (await countTrialsByStatusOf(db, [searchId])).get(searchId)!;
}

/**
 * The best succeeded trial of each search, one query per goal: the confirmed one with the best objective bound where
 * any was confirmed, else the best bound where any trial has one (repeated evaluations), else the best objective;
 * ties to the lower ordinal.
 */
export async function bestTrialsOf(db: Db, searches: readonly { id: string; goal: Goal }[]): Promise<Map<string, TrialRow>> {
  const best = new Map<string, TrialRow>();
  for (const goal of ['minimize', 'maximize'] as const) {
    const ids = searches.filter((s) => s.goal === goal).map((s) => s.id);
    if (ids.length === 0) continue;
    const rows = await db
      .selectDistinctOn([trials.searchId])
      .from(trials)
      .where(and(inArray(trials.searchId, ids), eq(trials.status, 'succeeded'), isNotNull(trials.objective)))
      .orderBy(trials.searchId, sql`${trials.beforeConfirmation} is null`, sql`${trials.objectiveBound} is null`, ...[trials.objectiveBound, trials.objective].map(goal === 'maximize' ? desc : asc), asc(trials.ordinal));
    for (const row of rows) best.set(row.searchId, row);
  }
  return best;
}

/** The parameters and objective of a search's latest `limit` succeeded trials with a finite objective, by ordinal. */
export async function latestScoredTrials(db: Db, searchId: string, limit: number): Promise<{ ordinal: number; params: Params; objective: number }[]> {
  const rows = await db
    .select({ ordinal: trials.ordinal, params: trials.params, objective: trials.objective })
    .from(trials)
    .where(and(eq(trials.searchId, searchId), eq(trials.status, 'succeeded'), isNotNull(trials.objective)))
    .orderBy(desc(trials.ordinal))
    .limit(limit);
  return rows.reverse().flatMap(({ ordinal, params, objective }) => (objective !== null && Number.isFinite(objective) ? [{ ordinal, params, objective }] : []));
}

/** What a page of trials is ordered by: the ordinal, the objective, or one of the trials' final metrics. */
export type TrialSortKey = 'ordinal' | 'objective' | `metric:${string}`;

export type MetricComparison = 'gt' | 'gte' | 'lt' | 'lte';

/** Keeps the trials whose final `metric` compares so with `value` (a trial without that metric is left out). */
export interface MetricFilter {
  metric: string;
  comparison: MetricComparison;
  value: number;
}

export interface TrialPageQuery {
  status?: TrialStatus;
  tags?: readonly TagFilter[];
  metricFilters?: readonly MetricFilter[];
  sort: TrialSortKey;
  order: 'asc' | 'desc';
  limit: number;
  /** The last row of the previous page: its ordinal and its value of the sort key. */
  after?: { ordinal: number; value: number | null };
}

const metricOf = (sort: `metric:${string}`) => sort.slice('metric:'.length);

/** A final metric of a trial as a number; null where the trial has none or it is not a number. The name is a bound parameter. */
function finalMetric(name: string): SQL<number | null> {
  return sql<number | null>`(case when jsonb_typeof(${trials.metrics} -> ${name}::text) = 'number' then (${trials.metrics} ->> ${name}::text)::double precision end)`;
}

const comparisons = { gt, gte, lt, lte } as const;

/** The value of a row that a page sorted by `sort` is ordered on, as its cursor must carry it. */
export function trialSortValue(row: TrialRow, sort: TrialSortKey): number | null {
  if (sort === 'ordinal') return null;
  if (sort === 'objective') return row.objective;
  const value = row.metrics?.[metricOf(sort)];
  return typeof value === 'number' ? value : null;
}

/**
 * Keyset pagination; sorting by objective or a metric puts trials without a value last, ties broken by
 * ordinal. A sorted page is read in two parts, the trials with a value and then, if the page is not full,
 * those without: each part is a seek from the cursor into the (search, objective, ordinal) index when
 * sorting by objective, whatever the depth of the page.
 */
export async function listTrials(db: Db, searchId: string, query: TrialPageQuery): Promise<TrialRow[]> {
  const conditions: (SQL | undefined)[] = [eq(trials.searchId, searchId)];
  if (query.status) conditions.push(eq(trials.status, query.status));
  conditions.push(hasTags(trials.tags, query.tags));
  for (const filter of query.metricFilters ?? []) conditions.push(comparisons[filter.comparison](finalMetric(filter.metric), filter.value));
  const select = (extra: (SQL | undefined)[], orderBy: SQL[], limit: number) =>
    db.select().from(trials).where(and(...conditions, ...extra)).orderBy(...orderBy).limit(limit);
  const after = query.after;
  if (query.sort === 'ordinal') {
    const beyond = query.order === 'asc' ? gt : lt;
    return select([after ? beyond(trials.ordinal, after.ordinal) : undefined], [query.order === 'asc' ? asc(trials.ordinal) : desc(trials.ordinal)], query.limit);
  }
  const key = query.sort === 'objective' ? sql<number | null>`${trials.objective}` : finalMetric(metricOf(query.sort));
  const valued =
    after?.value === null
      ? []
      : await select(
          [isNotNull(key), after ? valueAfter(key, query.order, { ordinal: after.ordinal, value: after.value }) : undefined],
          [query.order === 'asc' ? asc(key) : desc(key), asc(trials.ordinal)],
          query.limit,
        );
  if (valued.length === query.limit) return valued;
  const unvalued = await select([isNull(key), after?.value === null ? gt(trials.ordinal, after.ordinal) : undefined], [asc(trials.ordinal)], query.limit - valued.length);
  return [...valued, ...unvalued];
}

/** Rows after (value, ordinal) in `order` of the value, ties by ascending ordinal; the bound on the value alone is what the index seeks to. */
function valueAfter(key: SQL<number | null>, order: 'asc' | 'desc', after: { ordinal: number; value: number }): SQL | undefined {
  const [atOrBeyond, beyond] = order === 'asc' ? [gte, gt] : [lte, lt];
  return and(atOrBeyond(key, after.value), or(beyond(key, after.value), gt(trials.ordinal, after.ordinal)));
}

/** Every trial of a search by ordinal, read in keyset pages of `batchSize`: a search of any size in constant memory. */
export async function* trialsByOrdinal(db: Db, searchId: string, batchSize: number): AsyncGenerator<TrialRow[]> {
  let after: TrialPageQuery['after'];
  for (;;) {
    const batch = await listTrials(db, searchId, { sort: 'ordinal', order: 'asc', limit: batchSize, ...(after ? { after } : {}) });
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    after = { ordinal: batch[batch.length - 1]!.ordinal, value: null };
  }
}

/** The names of the final metrics the trials of a search report, sorted. */
export async function finalMetricNamesOf(db: Db, searchId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: sql<string>`jsonb_object_keys(${trials.metrics})` })
    .from(trials)
    .where(and(eq(trials.searchId, searchId), sql`jsonb_typeof(${trials.metrics}) = 'object'`));
  return rows.map((row) => row.name).sort();
}

/** Cancelled trials go back to the queue when their search resumes; returns their ordinals. */
export async function requeueCancelledTrials(db: Db, searchId: string): Promise<number[]> {
  const rows = await db
    .update(trials)
    .set({ status: 'queued', attempt: 0, finishedAt: null, error: null, updatedAt: new Date() })
    .where(and(eq(trials.searchId, searchId), eq(trials.status, 'cancelled')))
    .returning({ ordinal: trials.ordinal });
  return rows.map((r) => r.ordinal).sort((a, b) => a - b);
}

/** A user's change of a trial's notes or tags; undefined when the trial is gone or the change would leave more than `maxTags` tags. */
export async function annotateTrialRow(db: Db, id: string, change: AnnotationChange, maxTags: number): Promise<TrialRow | undefined> {
  const [row] = await db
    .update(trials)
    .set({ ...(change.notes !== undefined ? { notes: change.notes } : {}), tags: mergedTags(trials.tags, change) })
    .where(and(eq(trials.id, id), tagsWithin(trials.tags, change, maxTags)))
    .returning();
  return row;
}

/** After the n-th completed trial (in ordinal order): its ordinal and the best objective of the succeeded ones so far. */
export interface BestSoFarPoint {
  trials: number;
  ordinal: number;
  best: number | null;
}

/**
 * The best objective so far after each completed trial of a search, in ordinal order, computed in the database.
 * Of more than `maxPoints` completed trials, `maxPoints` evenly spaced points are kept, the last one among them.
 */
export async function bestSoFarCurve(db: Db, searchId: string, goal: Goal, maxPoints: number): Promise<{ completed: number; points: BestSoFarPoint[] }> {
  const aggregate = sql.raw(goal === 'maximize' ? 'max' : 'min');
  const finiteObjective = sql`case when ${trials.status} = 'succeeded' and ${trials.objective} not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) then ${trials.objective} end`;
  const completed = db.$with('completed').as(
    db
      .select({
        ordinal: trials.ordinal,
        n: sql<number>`(row_number() over (order by ${trials.ordinal}))::int`.as('n'),
        total: sql<number>`(count(*) over ())::int`.as('total'),
        best: sql<number | null>`${aggregate}(${finiteObjective}) over (order by ${trials.ordinal} rows unbounded preceding)`.as('best'),
      })
      .from(trials)
      .where(and(eq(trials.searchId, searchId), inArray(trials.status, [...completedTrialStatuses]))),
  );
  const limit = sql`${maxPoints}::bigint`;
  const rows = await db
    .with(completed)
    .select()
    .from(completed)
    .where(sql`${completed.total} <= ${limit} or (${completed.n} * ${limit}) / ${completed.total} <> ((${completed.n} - 1) * ${limit}) / ${completed.total}`)
    .orderBy(asc(completed.n));
  return {
    completed: rows[0]?.total ?? 0,
    points: rows.map((r) => ({ trials: r.n, ordinal: r.ordinal, best: r.best === null ? null : Number(r.best) })),
  };
}
