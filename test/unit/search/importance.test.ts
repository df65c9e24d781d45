import { describe, expect, it } from 'vitest';
import type { Dimension } from '../../../src/search-spec/dimension';
import type { Params } from '../../../src/search-spec/space';
import { estimateImportance, importanceLimits, type ImportanceEstimate, type ScoredParams } from '../../../src/search/importance/index';
import { decomposeVariance } from '../../../src/search/importance/fanova';
import type { Extent } from '../../../src/search/importance/regression-tree';
import { createRng } from '../../../src/util/rng';

const unit = (name: string): Dimension => ({ name, stage: 'train', type: 'float', low: 0, high: 1, log: false });
const interval = (low: number, high: number): Extent => ({ kind: 'interval', low, high });
const whole = interval(0, 1);

function trials(
  count: number,
  seed: number,
  draw: (rng: ReturnType<typeof createRng>, k: number) => Params,
  objective: (params: Params) => number,
) {
  const rng = createRng(seed, 1);
  return Array.from({ length: count }, (_, k) => {
    const params = draw(rng, k);
    return { params, objective: objective(params) };
  });
}

const shares = (estimate: ImportanceEstimate) => Object.fromEntries(estimate.parameters.map((p) => [p.name, p.share]));
const sumOfShares = (estimate: ImportanceEstimate) => estimate.parameters.reduce((sum, p) => sum + p.share, 0);
const x = (params: Params, name: string) => params[name] as number;

describe('the exact main-effect decomposition of a tree', () => {
  it('gives a step along one coordinate all of the variance', () => {
    const { total, mainEffects } = decomposeVariance([
      { extents: [interval(0, 0.5), whole], value: 1 },
      { extents: [interval(0.5, 1), whole], value: 0 },
    ]);
    expect(total).toBeCloseTo(0.25, 12);
    expect([...mainEffects]).toEqual([expect.closeTo(0.25, 12), 0]);
  });

  it('gives a checkerboard no main effect at all', () => {
    const { total, mainEffects } = decomposeVariance([
      { extents: [interval(0, 0.5), interval(0, 0.5)], value: 1 },
      { extents: [interval(0, 0.5), interval(0.5, 1)], value: 0 },
      { extents: [interval(0.5, 1), interval(0, 0.5)], value: 0 },
      { extents: [interval(0.5, 1), interval(0.5, 1)], value: 1 },
    ]);
    expect(total).toBeCloseTo(0.25, 12);
    expect([...mainEffects].map((v) => Math.abs(v))).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12)]);
  });

  it('weighs each category of a categorical coordinate equally, and an unequal cut by its length', () => {
    // category 0 → 3, categories 1 and 2 → 0 when x < 0.25, 1 otherwise
    const { total, mainEffects } = decomposeVariance([
      { extents: [{ kind: 'categories', members: [true, false, false] }, whole], value: 3 },
      { extents: [{ kind: 'categories', members: [false, true, true] }, interval(0, 0.25)], value: 0 },
      { extents: [{ kind: 'categories', members: [false, true, true] }, interval(0.25, 1)], value: 1 },
    ]);
    const mean = 3 / 3 + (2 / 3) * 0.75;
    const byCategory = [3, 0.75, 0.75];
    const alongX = [
      [0.25, 3 / 3 + 0],
      [0.75, 3 / 3 + 2 / 3],
    ] as const;
    expect(mainEffects[0]).toBeCloseTo(byCategory.reduce((sum, m) => sum + (m - mean) ** 2, 0) / 3, 12);
    expect(mainEffects[1]).toBeCloseTo(
      alongX.reduce((sum, [length, m]) => sum + length * (m - mean) ** 2, 0),
      12,
    );
    expect(total).toBeCloseTo(9 / 3 + (2 / 3) * 0.75 - mean ** 2, 12);
  });
});

describe('parameter importance by fANOVA over a random forest', () => {
  const space = [unit('x1'), unit('x2'), unit('x3')];
  const linear = (params: Params) => 10 * x(params, 'x1') + x(params, 'x2');
  const everywhere = (rng: ReturnType<typeof createRng>) => ({ x1: rng.next(), x2: rng.next(), x3: rng.next() });

  it('ranks 10·x1 + x2 by the variance of each term (x1: 100/101) and leaves an inert parameter near 0', async () => {
    for (const seed of [1, 2, 3]) {
      const estimate = await estimateImportance(space, trials(200, seed, everywhere, linear), seed);
      expect(estimate.parameters.map((p) => p.name)).toEqual(['x1', 'x2', 'x3']);
      expect(shares(estimate).x1).toBeGreaterThan(0.95);
      expect(shares(estimate).x3).toBeLessThan(0.02);
      expect(sumOfShares(estimate)).toBeCloseTo(1, 10);
      expect(estimate.mainEffectFraction).toBeGreaterThan(0.9);
      expect(estimate.trialsUsed).toBe(200);
    }
  });

  it('gives the same answer for a history crowded near the optimum, as bayes leaves it (80% within 0.1 of x1 = 1)', async () => {
    for (const seed of [1, 2, 3]) {
      const crowded = (rng: ReturnType<typeof createRng>, k: number) => ({
        ...everywhere(rng),
        x1: k % 5 === 0 ? rng.next() : 0.9 + 0.1 * rng.next(),
      });
      const history = trials(200, seed, crowded, linear);
      expect(history.filter((t) => x(t.params, 'x1') >= 0.9).length).toBeGreaterThanOrEqual(160);
      const estimate = await estimateImportance(space, history, seed);
      expect(shares(estimate).x1).toBeGreaterThan(0.9);
      expect(shares(estimate).x3).toBeLessThan(0.02);
      expect(sumOfShares(estimate)).toBeCloseTo(1, 10);
    }
  });

  it('measures a categorical parameter’s effect over its values, equally weighted', async () => {
    const effect: Record<string, number> = { a: 0, b: 0, c: 1, d: 2 };
    const categorical: Dimension = { name: 'optimizer', stage: 'train', type: 'categorical', values: Object.keys(effect) };
    const values = Object.values(effect);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const categoryVariance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length; // 0.6875
    const expected = categoryVariance / (categoryVariance + 1 / 12);
    const history = trials(
      300,
      4,
      (rng) => ({ optimizer: Object.keys(effect)[rng.int(4)]!, x1: rng.next(), x3: rng.next() }),
      (p) => effect[p.optimizer as string]! + x(p, 'x1'),
    );
    const unlisted = { params: { optimizer: 'sgd', x1: 0.5, x3: 0.5 }, objective: 9 };
    const estimate = await estimateImportance([categorical, unit('x1'), unit('x3')], [...history, unlisted], 4);
    expect(estimate.trialsUsed).toBe(300);
    expect(estimate.parameters.map((p) => p.name)).toEqual(['optimizer', 'x1', 'x3']);
    expect(Math.abs(shares(estimate).optimizer! - expected)).toBeLessThan(0.04);
    expect(shares(estimate).x3).toBeLessThan(0.02);
  });

  it('measures a log-scaled parameter on its log scale', async () => {
    const learningRate: Dimension = { name: 'learning_rate', stage: 'train', type: 'float', low: 1e-5, high: 1e-1, log: true };
    // on the log scale u = (log10 lr + 5) / 4, the term is −(4u − 2)², whose variance under u ~ U(0, 1) is 64/45
    const expected = 64 / 45 / (64 / 45 + 1 / 12);
    const history = trials(
      300,
      5,
      (rng) => ({ learning_rate: 10 ** (-5 + 4 * rng.next()), x1: rng.next() }),
      (p) => -((Math.log10(x(p, 'learning_rate')) + 3) ** 2) + x(p, 'x1'),
    );
    const estimate = await estimateImportance([learningRate, unit('x1')], history, 5);
    expect(Math.abs(shares(estimate).learning_rate! - expected)).toBeLessThan(0.04);
    expect(sumOfShares(estimate)).toBeCloseTo(1, 10);
  });

  it('reports an interaction-only surface as one main effects barely explain', async () => {
    const estimate = await estimateImportance(
      space,
      trials(300, 6, everywhere, (p) => (x(p, 'x1') - 0.5) * (x(p, 'x2') - 0.5)),
      6,
    );
    // the shares still sum to 1, but they split a small quantity: the fraction says how small
    expect(estimate.mainEffectFraction).toBeLessThan(0.4);
    expect(sumOfShares(estimate)).toBeCloseTo(1, 10);
    const additive = await estimateImportance(space, trials(300, 6, everywhere, linear), 6);
    expect(additive.mainEffectFraction).toBeGreaterThan(0.9);
  });

  it('states an uncertainty per share: the standard deviation across the trees', async () => {
    const estimate = await estimateImportance(
      space,
      trials(40, 7, everywhere, (p) => x(p, 'x1') + x(p, 'x2') + 0.3 * createRng(7, Math.round(1e6 * x(p, 'x3'))).normal()),
      7,
    );
    for (const parameter of estimate.parameters) {
      expect(parameter.shareStd).toBeGreaterThan(0);
      expect(parameter.shareStd).toBeLessThan(0.5);
    }
  });

  it('is reproducible from the seed', async () => {
    const history = trials(60, 8, everywhere, linear);
    expect(await estimateImportance(space, history, 3)).toEqual(await estimateImportance(space, history, 3));
    expect(await estimateImportance(space, history, 3)).not.toEqual(await estimateImportance(space, history, 4));
  });

  it('leaves out parameters with a single value, and trials outside the space', async () => {
    const single: Dimension = { name: 'epochs', stage: 'train', type: 'int', low: 3, high: 3, log: false, values: [3] };
    const choice: Dimension = { name: 'kind', stage: 'train', type: 'categorical', values: ['only'] };
    const history = trials(30, 9, (rng) => ({ ...everywhere(rng), epochs: 3, kind: 'only' }), linear);
    const strays: ScoredParams[] = [
      { params: { x1: 0.5, x2: 0.5, epochs: 3, kind: 'only' }, objective: 99 },
      { params: { x1: 0.5, x2: 0.5, x3: 0.5, epochs: 3, kind: 'only' }, objective: Number.NaN },
    ];
    const estimate = await estimateImportance([single, ...space, choice], [...history, ...strays], 9);
    expect(estimate.parameters.map((p) => p.name)).toEqual(['x1', 'x2', 'x3']);
    expect(estimate.trialsUsed).toBe(30);
  });

  it('answers with no parameters and a reason when it cannot estimate', async () => {
    const few = await estimateImportance(space, trials(importanceLimits.minTrials - 1, 10, everywhere, linear), 10);
    expect(few).toEqual({ parameters: [], mainEffectFraction: null, trialsUsed: importanceLimits.minTrials - 1, reason: 'too-few-trials' });
    const constant = await estimateImportance(
      space,
      trials(20, 10, everywhere, () => 0.5),
      10,
    );
    expect(constant).toMatchObject({ parameters: [], reason: 'no-variance-explained', trialsUsed: 20 });
    const nothing = await estimateImportance(
      [{ name: 'kind', stage: 'train', type: 'categorical', values: ['only'] }],
      trials(
        20,
        10,
        () => ({ kind: 'only' }),
        () => 1,
      ),
      10,
    );
    expect(nothing).toMatchObject({ parameters: [], reason: 'no-varying-parameters' });
  });

  it('uses only the latest trials past the cap', async () => {
    const history = trials(importanceLimits.maxTrials + 50, 11, everywhere, linear);
    const estimate = await estimateImportance(space, history, 11);
    expect(estimate.trialsUsed).toBe(importanceLimits.maxTrials);
  });
});
