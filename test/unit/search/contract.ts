import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, type Outcome, type Simulation } from '../../../bench/simulation/loop';
import type { SearchAlgorithm, SuggestRequest } from '../../../src/search/types';
import type { Dimension } from '../../../src/search-spec/dimension';
import type { Params } from '../../../src/search-spec/space';

const train = 'train' as const;

/** Six dimensions of every kind, ordered by name as resolved specs are. */
export const mixedSpace: Dimension[] = [
  { name: 'batch_size', stage: train, type: 'int', low: 8, high: 64, log: false },
  { name: 'dropout', stage: train, type: 'float', low: 0, high: 0.5, log: false },
  { name: 'layers', stage: train, type: 'int', low: 1, high: 8, log: false, values: [1, 2, 4, 8] },
  { name: 'lr', stage: train, type: 'float', low: 1e-5, high: 1e-1, log: true },
  { name: 'optimizer', stage: train, type: 'categorical', values: ['adam', 'sgd', 'rmsprop'] },
  { name: 'warmup', stage: train, type: 'int', low: 1, high: 1000, log: true },
];

/** A finite space (90 points) a grid can enumerate. */
export const finiteSpace: Dimension[] = [
  { name: 'epochs', stage: train, type: 'int', low: 1, high: 3, log: false },
  { name: 'layers', stage: train, type: 'int', low: 1, high: 4, log: false, values: [1, 2, 4] },
  { name: 'lr', stage: train, type: 'float', low: 1e-4, high: 1, log: true, steps: 5 },
  { name: 'optimizer', stage: train, type: 'categorical', values: ['adam', 'sgd'] },
];

/** A space of four points. */
const tinySpace: Dimension[] = [
  { name: 'a', stage: train, type: 'categorical', values: ['x', 'y'] },
  { name: 'b', stage: train, type: 'int', low: 0, high: 1, log: false },
];

const numberOr = (params: Params, name: string, fallback: number) => (typeof params[name] === 'number' ? params[name] : fallback);

/** A smooth objective over both spaces (maximise), with a divergence region at lr > 0.05. */
function evaluate(params: Params): Outcome {
  const lr = numberOr(params, 'lr', 1e-3);
  if (lr > 0.05) return { status: 'diverged', objective: null };
  const objective =
    -((Math.log10(lr) + 3) ** 2) -
    4 * (numberOr(params, 'dropout', 0.2) - 0.2) ** 2 -
    0.05 * Math.abs(numberOr(params, 'layers', 4) - 4) +
    (params.optimizer === 'adam' ? 0.3 : 0);
  return { status: 'succeeded', objective };
}

function expectValid(dimensions: readonly Dimension[], params: Params): void {
  expect(Object.keys(params).sort()).toEqual(dimensions.map((d) => d.name).sort());
  for (const dim of dimensions) {
    const value = params[dim.name];
    if (dim.type === 'categorical' || dim.values) {
      expect(dim.values as unknown[]).toContain(value);
      continue;
    }
    expect(typeof value).toBe('number');
    expect(value as number).toBeGreaterThanOrEqual(dim.low);
    expect(value as number).toBeLessThanOrEqual(dim.high);
    if (dim.type === 'int') expect(Number.isInteger(value)).toBe(true);
  }
}

const keyOf = (params: Params) => JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));

export interface ContractOptions {
  /** 'finite' for algorithms that need a finite space (grid). */
  readonly space?: 'mixed' | 'finite';
  /** Whether the algorithm fills a finite space without repeats and then answers fewer (random does not). */
  readonly exhaustsFiniteSpaces?: boolean;
  readonly budget?: number;
}

/** What every search algorithm must do, whatever its strategy. */
export function describeSearchAlgorithm(name: string, algorithm: SearchAlgorithm, options: ContractOptions = {}): void {
  const dimensions = options.space === 'finite' ? finiteSpace : mixedSpace;
  const budget = options.budget ?? 20;
  const run = (seed: number, parallelism = 3) => simulate({ algorithm, dimensions, goal: 'maximize', seed, budget, parallelism, evaluate });

  describe(`${name}: search algorithm contract`, () => {
    let first: Simulation;
    beforeAll(() => {
      first = run(7);
    });

    it('answers one valid point per ordinal: in bounds, ints whole, listed values only', () => {
      expect(first.trials).toHaveLength(budget);
      for (const trial of first.trials) expectValid(dimensions, trial.params);
    });

    it('samples a log dimension on the log scale', () => {
      const lr = dimensions.find((d) => d.name === 'lr') as Extract<Dimension, { type: 'float' }>;
      const middle = Math.sqrt(lr.low * lr.high);
      const below = first.trials.filter((t) => (t.params.lr as number) < middle).length / budget;
      expect(below).toBeGreaterThanOrEqual(0.25);
    });

    it('never repeats a completed or pending point', () => {
      expect(new Set(first.trials.map((t) => keyOf(t.params))).size).toBe(budget);
    });

    it('is reproducible: the same loop twice gives the same sequence, the same request the same answer', () => {
      expect(run(7).trials).toEqual(first.trials);
      const request: SuggestRequest = {
        dimensions,
        goal: 'maximize',
        seed: 7,
        completed: first.trials.slice(0, 14),
        pending: first.trials.slice(14, 16).map(({ ordinal, params }) => ({ ordinal, params })),
        ordinals: [16, 17],
      };
      const answer = algorithm.suggest(request);
      expect(answer).toHaveLength(2);
      expect(algorithm.suggest(request)).toEqual(answer);
    });

    it('copes with an empty history, one ordinal or a batch', () => {
      const empty = { dimensions, goal: 'minimize' as const, seed: 3, completed: [], pending: [] };
      const batch = algorithm.suggest({ ...empty, ordinals: [0, 1, 2, 3] });
      expect(batch).toHaveLength(4);
      expect(new Set(batch.map(keyOf)).size).toBe(4);
      batch.forEach((p) => expectValid(dimensions, p));
      expect(algorithm.suggest({ ...empty, ordinals: [5] })).toHaveLength(1);
    });

    if (options.exhaustsFiniteSpaces) {
      it('fills a finite space without repeats, then answers fewer', () => {
        const tiny = simulate({ algorithm, dimensions: tinySpace, goal: 'maximize', seed: 1, budget: 6, parallelism: 2, evaluate: () => ({ status: 'succeeded', objective: 1 }) });
        expect(new Set(tiny.trials.map((t) => keyOf(t.params))).size).toBe(4);
        expect(tiny.trials).toHaveLength(4);
      });
    }
  });
}
