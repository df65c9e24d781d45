import { describe, expect, it } from 'vitest';
import type { SearchParameter } from '../../../src/client/index';
import { parallelOption } from '../../../web/src/charts/parallel';
import { trialOf } from './trial-fixture';

const learningRate: SearchParameter = { name: 'learning_rate', stage: 'train', type: 'float', low: 1e-5, high: 1e-2, log: true };
const trials = [0.81, 0.79].map((objective, ordinal) => trialOf({ ordinal, status: 'succeeded', objective, params: { learning_rate: 1e-4 * (ordinal + 1) } }));

describe('parallel coordinates', () => {
  it('keep the colour scale beside the axes on a wide chart and under them on a phone', () => {
    const wide = parallelOption(trials, [learningRate], 'eval_accuracy', 'maximize', 1200);
    const narrow = parallelOption(trials, [learningRate], 'eval_accuracy', 'maximize', 360);
    expect(wide.visualMap).toMatchObject({ right: 12, top: 'middle', min: 0.79, max: 0.81 });
    expect(wide.parallel).toMatchObject({ right: 150, bottom: 40 });
    expect(narrow.visualMap).toMatchObject({ orient: 'horizontal', left: 'center', bottom: 8 });
    expect(narrow.parallel).toMatchObject({ left: 28, right: 28, bottom: 84 });
  });
});
