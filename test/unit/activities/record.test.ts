import { describe, expect, it } from 'vitest';
import { finalResult } from '../../../activities/record';

const succeeded = (metrics: Record<string, number>) => ({ status: 'succeeded' as const, metrics });

describe('finalResult', () => {
  it('takes the objective from the metric, and fails a success without a finite one', () => {
    expect(finalResult({ trialId: 't', objectiveMetric: 'acc', outcome: succeeded({ acc: 0.8 }) })).toEqual({ status: 'succeeded', objective: 0.8, error: null });
    expect(finalResult({ trialId: 't', objectiveMetric: 'acc', outcome: succeeded({ loss: 0.3 }) })).toMatchObject({ status: 'failed', objective: null, error: "trainer reported no finite 'acc' (got loss)" });
  });

  it('needs a finite value of every objective of a multi-objective search, and keeps the first as the objective', () => {
    const objectives = { objectiveMetric: 'acc', objectiveMetrics: ['acc', 'cost'] };
    expect(finalResult({ trialId: 't', ...objectives, outcome: succeeded({ acc: 0.8, cost: 3 }) })).toEqual({ status: 'succeeded', objective: 0.8, error: null });
    expect(finalResult({ trialId: 't', ...objectives, outcome: succeeded({ acc: 0.8 }) })).toMatchObject({ status: 'failed', objective: null, error: "trainer reported no finite 'cost' (got acc)" });
    expect(finalResult({ trialId: 't', ...objectives, outcome: succeeded({ acc: 0.8, cost: Number.POSITIVE_INFINITY }) })).toMatchObject({ status: 'failed' });
  });

  it('ends a trial breaking a constraint infeasible, naming each bound it breaks, and keeps one on a bound', () => {
    const constrained = { trialId: 't', objectiveMetric: 'acc', constraints: [{ metric: 'cost', max: 4 }, { metric: 'mem', min: 1, max: 20 }] };
    expect(finalResult({ ...constrained, outcome: succeeded({ acc: 0.8, cost: 4, mem: 1 }) })).toEqual({ status: 'succeeded', objective: 0.8, error: null });
    expect(finalResult({ ...constrained, outcome: succeeded({ acc: 0.8, cost: 4.5, mem: 10 }) })).toEqual({ status: 'infeasible', objective: null, error: 'infeasible: cost = 4.5 is above its max 4 (constraints.0)' });
    expect(finalResult({ ...constrained, outcome: succeeded({ acc: 0.8, cost: 5, mem: 0.5 }) })).toEqual({
      status: 'infeasible',
      objective: null,
      error: 'infeasible: cost = 5 is above its max 4 (constraints.0); mem = 0.5 is below its min 1 (constraints.1)',
    });
    expect(finalResult({ ...constrained, outcome: succeeded({ acc: 0.8, cost: 3 }) })).toMatchObject({ status: 'failed', error: "trainer reported no finite 'mem' (got acc, cost)" });
    expect(finalResult({ ...constrained, outcome: { status: 'diverged', metrics: { cost: 9 }, error: 'nan loss' } })).toEqual({ status: 'diverged', objective: null, error: 'nan loss' });
  });

  it('keeps a failure as the trainer reported it', () => {
    expect(finalResult({ trialId: 't', objectiveMetric: 'acc', outcome: { status: 'failed', metrics: {}, error: 'boom' } })).toEqual({ status: 'failed', objective: null, error: 'boom' });
  });
});
