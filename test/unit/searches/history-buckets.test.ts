import { describe, expect, it } from 'vitest';
import { foldBuckets } from '../../../src/searches/index';

describe('folding the per-status rows of the history buckets', () => {
  it('makes a bucket of each run of rows, its ordinal range and objective range over its statuses, and counts every status', () => {
    const { buckets, counts } = foldBuckets([
      { bucket: 0, status: 'failed', count: 2, firstOrdinal: 0, lastOrdinal: 3, minObjective: null, maxObjective: null },
      { bucket: 0, status: 'succeeded', count: 3, firstOrdinal: 1, lastOrdinal: 4, minObjective: 0.2, maxObjective: 0.9 },
      { bucket: 2, status: 'succeeded', count: 1, firstOrdinal: 11, lastOrdinal: 11, minObjective: 0.5, maxObjective: 0.5 },
      { bucket: 2, status: 'running', count: 1, firstOrdinal: 12, lastOrdinal: 12, minObjective: null, maxObjective: null },
    ]);
    expect(buckets).toEqual([
      { firstOrdinal: 0, lastOrdinal: 4, counts: { failed: 2, succeeded: 3 }, minObjective: 0.2, maxObjective: 0.9 },
      { firstOrdinal: 11, lastOrdinal: 12, counts: { succeeded: 1, running: 1 }, minObjective: 0.5, maxObjective: 0.5 },
    ]);
    expect(counts).toEqual({ queued: 0, running: 1, succeeded: 4, failed: 2, diverged: 0, infeasible: 0, pruned: 0, cancelled: 0 });
  });

  it('has no bucket without a trial', () => {
    expect(foldBuckets([]).buckets).toEqual([]);
  });
});
