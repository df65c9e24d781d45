import { bestSoFarImprovements, historyBuckets, type HistoryBucketRow, type Improvement, type Db } from '../db/index';
import type { Objective } from '../search-spec/search-spec';
import { noTrials, trialCount, type TrialCounts, type TrialStatus } from '../status';
import { findSearch } from './read';

/** The trials of a run of consecutive ordinals: counts by status, the range of the succeeded ones' objectives. */
export interface HistoryBucket {
  firstOrdinal: number;
  lastOrdinal: number;
  counts: Partial<Record<TrialStatus, number>>;
  minObjective: number | null;
  maxObjective: number | null;
}

export interface SearchHistory {
  objective: Objective;
  trials: number;
  counts: TrialCounts;
  /** Consecutive ordinals per bucket: 1 when every trial is a bucket of its own. */
  bucketWidth: number;
  buckets: HistoryBucket[];
  /** How many trials beat every earlier one; `bestSoFar` keeps them all unless they are more than the points asked for. */
  improvements: number;
  bestSoFar: Improvement[];
}

const lower = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const higher = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Folds the per-status rows of each bucket (ordered by bucket) into one bucket each, and counts every status. */
export function foldBuckets(rows: readonly HistoryBucketRow[]): { buckets: HistoryBucket[]; counts: TrialCounts } {
  const counts = noTrials();
  const buckets: HistoryBucket[] = [];
  let current: { index: number; bucket: HistoryBucket } | undefined;
  for (const row of rows) {
    counts[row.status] += row.count;
    if (current?.index !== row.bucket) {
      current = { index: row.bucket, bucket: { firstOrdinal: row.firstOrdinal, lastOrdinal: row.lastOrdinal, counts: {}, minObjective: null, maxObjective: null } };
      buckets.push(current.bucket);
    }
    const bucket = current.bucket;
    bucket.firstOrdinal = Math.min(bucket.firstOrdinal, row.firstOrdinal);
    bucket.lastOrdinal = Math.max(bucket.lastOrdinal, row.lastOrdinal);
    bucket.counts[row.status] = row.count;
    bucket.minObjective = lower(bucket.minObjective, row.minObjective);
    bucket.maxObjective = higher(bucket.maxObjective, row.maxObjective);
  }
  return { buckets, counts };
}

/** A search's optimisation history in at most `points` ordinal buckets, with its best-so-far improvements (at most `points` of them), read in the database. */
export async function searchHistory(db: Db, id: string, points: number): Promise<SearchHistory> {
  const search = await findSearch(db, id);
  const { objective } = search.resolved;
  const [{ width, rows }, best] = await Promise.all([historyBuckets(db, search.id, points), bestSoFarImprovements(db, search.id, objective.goal, points)]);
  const { buckets, counts } = foldBuckets(rows);
  return { objective, trials: trialCount(counts), counts, bucketWidth: width, buckets, improvements: best.improvements, bestSoFar: best.points };
}
