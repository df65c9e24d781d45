import { describe, expect, it } from 'vitest';
import { prunerConfigSchema, shouldPrune, type TrialCurve } from '../../../src/search/pruners';

/** A curve with one report per step: step i (from 1) has values[i - 1]. */
const curve = (ordinal: number, values: readonly number[], every = 1): TrialCurve => ({
  ordinal,
  intermediate: values.map((value, i) => ({ step: (i + 1) * every, value })),
});

describe('pruner config', () => {
  it('fills defaults and rejects unknown types', () => {
    expect(prunerConfigSchema.parse({ type: 'median' })).toEqual({ type: 'median', warmupSteps: 0, minTrials: 5 });
    expect(prunerConfigSchema.parse({ type: 'asha', minResource: 2 })).toEqual({ type: 'asha', minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 0 });
    expect(prunerConfigSchema.safeParse({ type: 'hyperband' }).success).toBe(false);
    expect(prunerConfigSchema.safeParse({ type: 'asha', reductionFactor: 1 }).success).toBe(false);
  });
});

describe('median stopping rule', () => {
  const config = prunerConfigSchema.parse({ type: 'median', warmupSteps: 2, minTrials: 3 });
  const peers = [curve(0, [0.5, 0.6, 0.7]), curve(1, [0.4, 0.5, 0.6]), curve(2, [0.3, 0.4, 0.5]), curve(3, [0.9])];

  it('stops a trial whose best so far is below the median of peers that got as far', () => {
    const decision = shouldPrune({ trial: curve(4, [0.2, 0.3]), peers, goal: 'maximize', config });
    expect(decision).toMatchObject({ prune: true, step: 2 });
    expect(decision.reason).toContain('median 0.5 of 3 trials');
  });

  it('lets a trial on at the median or better, before warm-up, or without enough peers', () => {
    expect(shouldPrune({ trial: curve(4, [0.2, 0.5]), peers, goal: 'maximize', config }).prune).toBe(false);
    expect(shouldPrune({ trial: curve(4, [0.1]), peers, goal: 'maximize', config }).prune).toBe(false);
    expect(shouldPrune({ trial: curve(4, [0.2, 0.3]), peers: peers.slice(0, 2), goal: 'maximize', config }).prune).toBe(false);
  });

  it('turns around for minimisation and ignores the trial among its peers', () => {
    const trial = curve(4, [0.6, 0.55]);
    expect(shouldPrune({ trial, peers: [...peers, trial], goal: 'minimize', config }).prune).toBe(true);
    expect(shouldPrune({ trial, peers, goal: 'maximize', config }).prune).toBe(false);
  });

  it('compares peers reporting on a different schedule where they stood at the same step', () => {
    const sparse = [curve(0, [0.9, 0.9], 4), curve(1, [0.8, 0.8], 4), curve(2, [0.7, 0.7], 4)];
    // at step 6 the peers are judged on their report at step 4; the trial's best by then is 0.75
    const decision = shouldPrune({ trial: curve(4, [0.1, 0.2, 0.3, 0.4, 0.5, 0.75]), peers: sparse, goal: 'maximize', config });
    expect(decision).toMatchObject({ prune: true, step: 6 });
  });
});

describe('asynchronous successive halving', () => {
  const config = prunerConfigSchema.parse({ type: 'asha', minResource: 1, reductionFactor: 3, maxResource: 27 });
  const atRung = (ordinal: number, value: number, step = 1) => ({ ordinal, intermediate: [{ step, value }] });

  it('promotes the first trial to reach a rung and then only the best third', () => {
    expect(shouldPrune({ trial: atRung(0, 0.5), peers: [], goal: 'maximize', config }).prune).toBe(false);
    const peers = [atRung(0, 0.5), atRung(1, 0.6), atRung(2, 0.4), atRung(3, 0.7), atRung(4, 0.3)];
    expect(shouldPrune({ trial: atRung(5, 0.55), peers, goal: 'maximize', config })).toMatchObject({ prune: true, step: 1 });
    expect(shouldPrune({ trial: atRung(5, 0.65), peers, goal: 'maximize', config }).prune).toBe(false);
    expect(shouldPrune({ trial: atRung(5, 0.8), peers, goal: 'maximize', config }).prune).toBe(false);
    expect(shouldPrune({ trial: atRung(5, 0.2), peers, goal: 'minimize', config }).prune).toBe(false);
  });

  it('judges a trial only on the report that first reaches a rung', () => {
    const leader = curve(0, [0.9, 0.9, 0.9]);
    const trial = curve(1, [0.95, 0.1]);
    // step 2 is between rungs 1 and 3: nothing to decide, however bad the value
    expect(shouldPrune({ trial, peers: [leader], goal: 'maximize', config })).toEqual({ prune: false, step: 2 });
    const reachesRung3 = curve(1, [0.95, 0.1, 0.2]);
    expect(shouldPrune({ trial: reachesRung3, peers: [leader], goal: 'maximize', config }).prune).toBe(true);
  });

  it('uses the first report at or past the rung for peers on a coarser schedule', () => {
    const peers = [curve(0, [0.9], 5), curve(1, [0.8], 5), curve(2, [0.7], 5)];
    const decision = shouldPrune({ trial: curve(3, [0.5, 0.5, 0.5]), peers, goal: 'maximize', config });
    expect(decision.prune).toBe(true);
    expect(decision.reason).toContain('rung 3');
  });

  it('stops judging at maxResource', () => {
    const peers = [curve(0, Array(27).fill(0.9))];
    expect(shouldPrune({ trial: curve(1, Array(27).fill(0.1)), peers, goal: 'maximize', config }).prune).toBe(false);
  });
});
