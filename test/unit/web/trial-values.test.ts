import { describe, expect, it } from 'vitest';
import type { Search } from '../../../src/client/index';
import { metricValues, objectiveValues } from '../../../web/src/trial-values';
import { trialOf } from './trial-fixture';

describe('the values the dashboard shows of a trial', () => {
  it('every objective of a multi-objective search with its goal and the trial’s value, - where it has none', () => {
    const objectives: NonNullable<Search['objectives']> = [
      { metric: 'eval_accuracy', goal: 'maximize' },
      { metric: 'train_cost', goal: 'minimize' },
      { metric: 'eval_loss', goal: 'minimize' },
    ];
    const trial = trialOf({ ordinal: 3, status: 'succeeded', objective: 0.91, metrics: { eval_accuracy: 0.91, train_cost: 3.2000000001 } });
    expect(objectiveValues(objectives, trial)).toEqual([
      ['maximize eval_accuracy', '0.91'],
      ['minimize train_cost', '3.2'],
      ['minimize eval_loss', '-'],
    ]);
  });

  it('the objective first, then the other metrics, each with its standard error where there is one', () => {
    const trial = trialOf({
      ordinal: 1,
      status: 'succeeded',
      objective: 0.812345,
      metrics: { train_cost: 3, eval_accuracy: 0.812345, eval_loss: 0.4 },
      stdErrors: { eval_accuracy: 0.001712, train_cost: 0 },
      evaluations: 4,
    });
    expect(metricValues(trial, 'eval_accuracy')).toEqual([
      { name: 'eval_accuracy', value: '0.812345', stdError: '0.0017' },
      { name: 'train_cost', value: '3', stdError: '0' },
      { name: 'eval_loss', value: '0.4', stdError: null },
    ]);
    expect(metricValues(trialOf({ ordinal: 2, status: 'failed' }), 'eval_accuracy')).toEqual([
      { name: 'eval_accuracy', value: '-', stdError: null },
    ]);
  });
});
