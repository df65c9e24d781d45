import { describe, expect, it } from 'vitest';
import { honestOutcome, noTrials, type TrialCounts } from '../../src/status';

const counts = (some: Partial<TrialCounts>): TrialCounts => ({ ...noTrials(), ...some });

describe('how a stopped sweep ends', () => {
  it('keeps a success that has a succeeded trial, with the reason it stopped', () => {
    const exhausted = { status: 'succeeded' as const, error: null, reason: 'exhausted' as const };
    expect(honestOutcome(exhausted, counts({ succeeded: 1, failed: 3 }))).toEqual(exhausted);
  });

  it('fails a sweep without a succeeded trial, counting how its trials ended', () => {
    expect(honestOutcome({ status: 'succeeded', error: null, reason: 'budget' }, counts({ failed: 2, diverged: 1, pruned: 1 }))).toEqual({
      status: 'failed',
      error: 'no trial succeeded (2 failed, 1 diverged, 1 pruned)',
      reason: 'all-trials-failed',
    });
  });

  it('keeps a failure for too many failed trials as it is', () => {
    const failureBudget = {
      status: 'failed' as const,
      error: '3 trials failed, more than budget.maxFailedTrials (2)',
      reason: 'failure-budget' as const,
    };
    expect(honestOutcome(failureBudget, counts({ failed: 3 }))).toEqual(failureBudget);
  });
});
