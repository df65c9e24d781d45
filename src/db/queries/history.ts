import { and, asc, eq, sql } from 'drizzle-orm';
import type { Goal } from '../../search/types';
import type { TrialStatus } from '../../status';
import type { Db } from '../client';
import { trials } from '../schema/index';

/** The objective of a succeeded trial when it is a finite number (JSON holds no other), else null. */
const scoredObjective = sql<number | null>`case when ${trials.status} = 'succeeded' and ${trials.objective} not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) then ${trials.objective} end`;

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));

/** The trials of one status in one bucket of ordinals. */
export interface HistoryBucketRow {
  bucket: number;
  status: TrialStatus;
  count: number;
  firstOrdinal: number;
  lastOrdinal: number;
  minObjective: number | null;
  maxObjective: number | null;
}

/**
 * A search's trials in buckets of `width` consecutive ordinals from its lowest one (the ordinal span over
 * `points`, at least 1), one row per bucket and status: a seek of the (search, ordinal) index for the span,
 * an index-only scan of trials_search_history_idx for the rest.
 */
export async function historyBuckets(db: Db, searchId: string, points: number): Promise<{ width: number; rows: HistoryBucketRow[] }> {
  const span = db.$with('span').as(
    db
      .select({
        lowest: sql<number>`min(${trials.ordinal})`.as('lowest'),
        width: sql<number>`greatest(1, ceil((max(${trials.ordinal}) - min(${trials.ordinal}) + 1)::numeric / ${points}::int))::int`.as('width'),
      })
      .from(trials)
      .where(eq(trials.searchId, searchId)),
  );
  const bucket = sql<number>`(${trials.ordinal} - ${span.lowest}) / ${span.width}`;
  const rows = await db
    .with(span)
    .select({
      width: span.width,
      bucket: sql<number>`${bucket}`.as('bucket'),
      status: trials.status,
      count: sql<number>`count(*)::int`,
      firstOrdinal: sql<number>`min(${trials.ordinal})`,
      lastOrdinal: sql<number>`max(${trials.ordinal})`,
      minObjective: sql<number | null>`min(${scoredObjective})`,
      maxObjective: sql<number | null>`max(${scoredObjective})`,
    })
    .from(trials)
    .innerJoin(span, sql`true`)
    .where(eq(trials.searchId, searchId))
    .groupBy(span.width, sql`bucket`, trials.status)
    .orderBy(sql`bucket`, trials.status);
  return {
    width: rows[0] ? Number(rows[0].width) : 1,
    rows: rows.map((r) => ({
      bucket: Number(r.bucket),
      status: r.status,
      count: Number(r.count),
      firstOrdinal: Number(r.firstOrdinal),
      lastOrdinal: Number(r.lastOrdinal),
      minObjective: numberOrNull(r.minObjective),
      maxObjective: numberOrNull(r.maxObjective),
    })),
  };
}

export interface Improvement {
  ordinal: number;
  objective: number;
}

/**
 * The succeeded trials that beat every earlier one for `goal`, by ordinal; of more than `maxPoints`, `maxPoints`
 * evenly spaced ones, the last (the best) among them. An index-only scan of trials_search_history_idx, in ordinal order.
 */
export async function bestSoFarImprovements(db: Db, searchId: string, goal: Goal, maxPoints: number): Promise<{ improvements: number; points: Improvement[] }> {
  const [beats, aggregate] = goal === 'maximize' ? [sql.raw('>'), sql.raw('max')] : [sql.raw('<'), sql.raw('min')];
  const scored = db.$with('scored').as(
    db
      .select({
        ordinal: trials.ordinal,
        objective: sql<number>`${scoredObjective}`.as('objective'),
        before: sql<number | null>`${aggregate}(${scoredObjective}) over (order by ${trials.ordinal} rows between unbounded preceding and 1 preceding)`.as('before'),
      })
      .from(trials)
      .where(and(eq(trials.searchId, searchId), eq(trials.status, 'succeeded'), sql`${scoredObjective} is not null`)),
  );
  const improving = db.$with('improving').as(
    db
      .with(scored)
      .select({
        ordinal: scored.ordinal,
        objective: scored.objective,
        n: sql<number>`row_number() over (order by ${scored.ordinal})`.as('n'),
        total: sql<number>`(count(*) over ())::int`.as('total'),
      })
      .from(scored)
      .where(sql`${scored.before} is null or ${scored.objective} ${beats} ${scored.before}`),
  );
  const limit = sql`${maxPoints}::bigint`;
  const rows = await db
    .with(improving)
    .select()
    .from(improving)
    .where(sql`${improving.total} <= ${limit} or (${improving.n} * ${limit}) / ${improving.total} <> ((${improving.n} - 1) * ${limit}) / ${improving.total}`)
    .orderBy(asc(improving.ordinal));
  return { improvements: rows[0] ? Number(rows[0].total) : 0, points: rows.map((r) => ({ ordinal: Number(r.ordinal), objective: Number(r.objective) })) };
}
