import { describe, expect, it } from 'vitest';
import { evaluateRange } from '../../activities/evaluations';
import {
  meanInterval,
  pessimisticBound,
  studentT975,
  summarizeEvaluations,
} from '../../src/search/evaluations';
import { specBounds } from '../../src/search-spec/bounds';
import { evaluationSeed } from '../../src/search-spec/trial-seed';
import type { ProgressReport, TrialContext, TrialOutcome } from '../../src/trainers/types';

describe('studentT975', () => {
  it('gives the tabulated quantiles and approaches the normal one beyond the table', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(5)).toBe(2.571);
    expect(studentT975(30)).toBe(2.042);
    expect(studentT975(100)).toBeCloseTo(1.984, 3);
  });

  it('has no finite quantile without a degree of freedom', () => {
    expect(studentT975(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('summarizeEvaluations', () => {
  it('averages each metric and gives the standard error of the mean', () => {
    const summary = summarizeEvaluations([1, 2, 3, 4].map((v) => ({ accuracy: v, loss: 10 })));
    expect(summary.count).toBe(4);
    expect(summary.means).toEqual({ accuracy: 2.5, loss: 10 });
    // sample variance 5/3, over 4 evaluations
    expect(summary.stdErrors!.accuracy).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(summary.stdErrors!.loss).toBe(0);
  });

  it('gives a single evaluation its metrics and no standard errors', () => {
    expect(summarizeEvaluations([{ accuracy: 0.8 }])).toEqual({ count: 1, means: { accuracy: 0.8 }, stdErrors: null });
  });

  it('leaves out a metric one evaluation lacks or reported as a non-finite number', () => {
    const summary = summarizeEvaluations([
      { accuracy: 0.8, loss: 0.5, f1: 0.7 },
      { accuracy: 0.9, f1: Number.NaN },
      { accuracy: 0.7, loss: 0.4, f1: 0.6 },
    ]);
    expect(Object.keys(summary.means)).toEqual(['accuracy']);
    expect(Object.keys(summary.stdErrors!)).toEqual(['accuracy']);
    expect(summary.means.accuracy).toBeCloseTo(0.8, 12);
  });
});

describe('meanInterval and pessimisticBound', () => {
  it('spans the t quantile of count − 1 degrees of freedom times the standard error either side of the mean', () => {
    const interval = meanInterval(0.8, 0.01, 5)!;
    expect(interval.low).toBeCloseTo(0.8 - 2.776 * 0.01, 12);
    expect(interval.high).toBeCloseTo(0.8 + 2.776 * 0.01, 12);
  });

  it('has no interval without a standard error or with one evaluation', () => {
    expect(meanInterval(0.8, undefined, 5)).toBeUndefined();
    expect(meanInterval(0.8, 0.01, 1)).toBeUndefined();
    expect(pessimisticBound('maximize', 0.8, undefined, 5)).toBeNull();
    expect(pessimisticBound('minimize', 0.8, 0.01, 1)).toBeNull();
  });

  it('is the lower end when maximising and the upper end when minimising', () => {
    const interval = meanInterval(0.8, 0.01, 5)!;
    expect(pessimisticBound('maximize', 0.8, 0.01, 5)).toBe(interval.low);
    expect(pessimisticBound('minimize', 0.8, 0.01, 5)).toBe(interval.high);
  });
});

describe('evaluationSeed', () => {
  it('is the seed itself for the first evaluation', () => {
    for (const seed of [0, 1, 42, specBounds.seed]) expect(evaluationSeed(seed, 0)).toBe(seed);
  });

  it('gives distinct seeds within the seed bounds to the repeats', () => {
    for (const seed of [0, 1, 42, 123_456_789, specBounds.seed]) {
      const repeats = Array.from({ length: 50 }, (_, i) => evaluationSeed(seed, i + 1));
      expect(new Set(repeats).size).toBe(50);
      for (const s of repeats) {
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(2 ** 31 - 1);
      }
    }
  });
});

describe('evaluateRange', () => {
  function context(report: (progress: ProgressReport) => void): TrialContext {
    return {
      searchId: 'search',
      trialId: 'trial',
      ordinal: 0,
      attempt: 1,
      params: { learning_rate: 1e-3 },
      trainParams: { learning_rate: 1e-3 },
      seed: 42,
      evaluationSeed: 42,
      workDir: '/nonexistent',
      processDir: '/nonexistent',
      signal: new AbortController().signal,
      report,
    };
  }

  /** An evaluate that reports one step and succeeds with the next of `accuracies`, recording the evaluation seeds it was given. */
  function fakeEvaluate(accuracies: readonly number[]) {
    const seeds: number[] = [];
    const evaluate = (ctx: TrialContext): Promise<TrialOutcome> => {
      seeds.push(ctx.evaluationSeed);
      ctx.report({ step: seeds.length, values: { loss: 1 } });
      return Promise.resolve({ status: 'succeeded', metrics: { accuracy: accuracies[seeds.length - 1]!, steps: 10 } });
    };
    return { seeds, evaluate };
  }

  it('returns a single first evaluation as the trainer gave it', async () => {
    const outcome: TrialOutcome = { status: 'succeeded', metrics: { accuracy: 0.8 } };
    const seeds: number[] = [];
    const result = await evaluateRange(
      context(() => undefined),
      { from: 0, count: 1 },
      (ctx) => {
        seeds.push(ctx.evaluationSeed);
        return Promise.resolve(outcome);
      },
    );
    expect(result).toBe(outcome);
    expect(seeds).toEqual([42]);
  });

  it('passes each evaluation its evaluation seed and gives the means with the evaluations', async () => {
    const values = [0.8, 0.82, 0.84];
    const { seeds, evaluate } = fakeEvaluate(values);
    const result = await evaluateRange(
      context(() => undefined),
      { from: 0, count: 3 },
      evaluate,
    );
    expect(seeds).toEqual([0, 1, 2].map((i) => evaluationSeed(42, i)));
    expect(result.status).toBe('succeeded');
    if (result.status !== 'succeeded') return;
    expect(result.metrics.accuracy).toBeCloseTo(0.82, 12);
    expect(result.metrics.steps).toBe(10);
    expect(result.evaluations).toEqual(summarizeEvaluations(values.map((accuracy) => ({ accuracy, steps: 10 }))));
  });

  it('numbers a later range from its first evaluation, summarising even one', async () => {
    const { seeds, evaluate } = fakeEvaluate([0.8]);
    const result = await evaluateRange(
      context(() => undefined),
      { from: 3, count: 1 },
      evaluate,
    );
    expect(seeds).toEqual([evaluationSeed(42, 3)]);
    expect(result.status === 'succeeded' && result.evaluations).toEqual({ count: 1, means: { accuracy: 0.8, steps: 10 }, stdErrors: null });
  });

  it('lets only the first evaluation report progress', async () => {
    const reports: ProgressReport[] = [];
    const { evaluate } = fakeEvaluate([0.8, 0.8, 0.8]);
    await evaluateRange(
      context((progress) => reports.push(progress)),
      { from: 0, count: 3 },
      evaluate,
    );
    expect(reports).toEqual([{ step: 1, values: { loss: 1 } }]);
  });

  it('returns the first outcome that is not a success, evaluating no further', async () => {
    const diverged: TrialOutcome = { status: 'diverged', metrics: {}, error: 'loss is NaN' };
    const outcomes: TrialOutcome[] = [
      { status: 'succeeded', metrics: { accuracy: 0.8 } },
      diverged,
      { status: 'failed', metrics: {}, error: 'crashed' },
    ];
    let calls = 0;
    const result = await evaluateRange(
      context(() => undefined),
      { from: 0, count: 3 },
      () => Promise.resolve(outcomes[calls++]!),
    );
    expect(result).toBe(diverged);
    expect(calls).toBe(2);
  });
});
