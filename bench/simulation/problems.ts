import type { Dimension } from '../../src/search-spec/dimension';
import type { Params } from '../../src/search-spec/space';
import { noiselessAccuracy, surfacePoint, syntheticAccuracy, trainCost } from '../../src/trainers/synthetic/surface';
import type { Goal, OutcomeBound } from '../../src/search/types';
import type { Outcome } from './loop';

/** A benchmark problem: a space, a goal, an evaluation, and how far a trial's result is from the optimum. */
export interface Problem {
  readonly name: string;
  readonly dimensions: readonly Dimension[];
  readonly goal: Goal;
  readonly evaluate: (params: Params, seed: number) => Outcome;
  /** Simple regret of a succeeded trial: distance of its noiseless value from the optimum (≥ 0). */
  readonly regret: (params: Params) => number;
  /** Outcome constraints the search is told of; evaluate then gives `constraintValues`. */
  readonly constraints?: readonly OutcomeBound[];
}

const float = (name: string, low: number, high: number, log = false): Dimension => ({ name, stage: 'train', type: 'float', low, high, log });

const num = (params: Params, name: string) => params[name] as number;

export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

export const braninMinimum = 0.397887;

export const braninProblem: Problem = {
  name: 'branin',
  dimensions: [float('x1', -5, 10), float('x2', 0, 15)],
  goal: 'minimize',
  evaluate: (p) => ({ status: 'succeeded', objective: branin(num(p, 'x1'), num(p, 'x2')) }),
  regret: (p) => branin(num(p, 'x1'), num(p, 'x2')) - braninMinimum,
};

const hartmannA = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const hartmannP = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));
const hartmannAlpha = [1, 1.2, 3, 3.2];

export function hartmann6(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += hartmannA[i]![j]! * (x[j]! - hartmannP[i]![j]!) ** 2;
    sum += hartmannAlpha[i]! * Math.exp(-inner);
  }
  return -sum;
}

export const hartmann6Minimum = -3.32237;

const hartmannDimensions = Array.from({ length: 6 }, (_, i) => float(`x${i + 1}`, 0, 1));
const hartmannPoint = (p: Params) => hartmannDimensions.map((d) => num(p, d.name));

export const hartmann6Problem: Problem = {
  name: 'hartmann6',
  dimensions: hartmannDimensions,
  goal: 'minimize',
  evaluate: (p) => ({ status: 'succeeded', objective: hartmann6(hartmannPoint(p)) }),
  regret: (p) => hartmann6(hartmannPoint(p)) - hartmann6Minimum,
};

/** The six knobs of the synthetic trainer, ordered by name as resolved specs order them. */
export const syntheticDimensions: Dimension[] = [
  { name: 'gradient_accumulation_steps', stage: 'train', type: 'int', low: 1, high: 16, log: false, values: [1, 2, 4, 8, 16] },
  float('learning_rate', 1e-5, 5e-2, true),
  {
    name: 'lr_scheduler_type',
    stage: 'train',
    type: 'categorical',
    values: ['constant', 'constant_with_warmup', 'linear', 'cosine', 'cosine_with_restarts', 'polynomial'],
  },
  { name: 'num_train_epochs', stage: 'train', type: 'int', low: 1, high: 8, log: false },
  { ...float('temperature', 0, 1.5), stage: 'eval' },
  { ...float('top_p', 0.5, 1), stage: 'eval' },
];

/**
 * Best noiseless accuracy of the synthetic surface over syntheticDimensions (those of a training cost of at most
 * maxCost), by a dense scan of the training knobs. Temperature stays 0: the sampling penalty is never negative and
 * vanishes there.
 */
export function syntheticOptimum(maxCost = Infinity): number {
  const [accumulationDim, , schedulerDim, epochsDim] = syntheticDimensions;
  let best = -Infinity;
  for (const accumulation of accumulationDim!.values as number[]) {
    for (const scheduler of schedulerDim!.values as string[]) {
      for (let epochs = 1; epochs <= (epochsDim as { high: number }).high; epochs++) {
        if (trainCost({ learningRate: 1e-3, accumulation, epochs, scheduler, temperature: 0, topP: 1 }) > maxCost) continue;
        for (let k = 0; k <= 2000; k++) {
          const learningRate = 10 ** (-5 + (k / 2000) * (Math.log10(5e-2) + 5));
          const value = noiselessAccuracy({ learningRate, accumulation, epochs, scheduler, temperature: 0, topP: 1 });
          if (value > best) best = value;
        }
      }
    }
  }
  return best;
}

export function syntheticProblem(optimum: number): Problem {
  return {
    name: 'synthetic',
    dimensions: syntheticDimensions,
    goal: 'maximize',
    evaluate: (p, seed) => {
      const accuracy = syntheticAccuracy(p, seed);
      return Number.isNaN(accuracy) ? { status: 'diverged', objective: null } : { status: 'succeeded', objective: accuracy };
    },
    regret: (p) => optimum - noiselessAccuracy(surfacePoint(p)),
  };
}

/** One evaluation of the synthetic surface's accuracy with eval_noise `evalNoise`; NaN in the divergence region. */
export const noisySyntheticAccuracy = (evalNoise: number) => (params: Params, evaluationSeed: number) =>
  syntheticAccuracy({ ...params, eval_noise: evalNoise }, evaluationSeed);

/**
 * The synthetic surface under the outcome constraint train_cost ≤ maxCost: a trial above it ends infeasible, the
 * way finalResult (activities/record.ts) records it, with the accuracy it reached as the search observes it
 * (activities/suggest.ts); optimum is syntheticOptimum(maxCost). Diverged trials report no cost, the others theirs.
 */
export function constrainedSyntheticProblem(maxCost: number, optimum: number): Problem {
  const unconstrained = syntheticProblem(optimum);
  return {
    ...unconstrained,
    name: `synthetic, train_cost ≤ ${maxCost}`,
    constraints: [{ max: maxCost }],
    evaluate: (p, seed) => {
      const outcome = unconstrained.evaluate(p, seed);
      if (outcome.status !== 'succeeded') return { ...outcome, constraintValues: null };
      const cost = trainCost(surfacePoint(p));
      return { ...outcome, ...(cost > maxCost ? { status: 'infeasible' } : {}), constraintValues: [cost] };
    },
  };
}

/** A benchmark problem of several objectives, scored by the hypervolume of what a search reports as its Pareto front. */
export interface MultiObjectiveProblem {
  readonly name: string;
  readonly dimensions: readonly Dimension[];
  readonly goals: readonly Goal[];
  readonly evaluate: (params: Params, seed: number) => Outcome;
  /** The noiseless objective vector of a succeeded trial, every objective minimised (maximised ones negated). */
  readonly truth: (params: Params) => number[];
  /** Reference point of the hypervolume, in the units of truth. */
  readonly reference: readonly number[];
}

const zdtDimensions = Array.from({ length: 6 }, (_, i) => float(`x${i + 1}`, 0, 1));

/** ZDT1 and ZDT2 (Zitzler, Deb and Thiele 2000) over [0, 1]^6: f1 = x1, g = 1 + 9·mean(x2..x6), f2 = g·h(f1/g). */
function zdt(name: string, h: (ratio: number) => number): MultiObjectiveProblem {
  const values = (p: Params) => {
    const x = zdtDimensions.map((d) => num(p, d.name));
    const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
    return [x[0]!, g * h(x[0]! / g)];
  };
  return {
    name,
    dimensions: zdtDimensions,
    goals: ['minimize', 'minimize'],
    evaluate: (p) => {
      const objectives = values(p);
      return { status: 'succeeded', objective: objectives[0]!, objectives };
    },
    truth: values,
    reference: [1.1, 1.1],
  };
}

/** ZDT1: a convex front f2 = 1 − √f1; the hypervolume of the front against (1.1, 1.1) is 1.21 − 1/3. */
export const zdt1Problem = zdt('zdt1', (r) => 1 - Math.sqrt(r));
/** ZDT2: a concave front f2 = 1 − f1²; the hypervolume of the front against (1.1, 1.1) is 1.21 − 2/3. */
export const zdt2Problem = zdt('zdt2', (r) => 1 - r * r);


/**
 * The synthetic surface with two objectives: accuracy (maximised, noisy, diverged trials have none) against the
 * training cost (minimised). Few epochs cost least but need a higher learning rate and lose accuracy (the surface's
 * epochs term), so the front trades the two. Reference point: accuracy 0.5 (the surface's floor) and 1.1× the
 * highest cost.
 */
export const syntheticCostProblem: MultiObjectiveProblem = {
  name: 'synthetic-cost',
  dimensions: syntheticDimensions,
  goals: ['maximize', 'minimize'],
  evaluate: (p, seed) => {
    const accuracy = syntheticAccuracy(p, seed);
    if (Number.isNaN(accuracy)) return { status: 'diverged', objective: null, objectives: null };
    return { status: 'succeeded', objective: accuracy, objectives: [accuracy, trainCost(surfacePoint(p))] };
  },
  truth: (p) => [-noiselessAccuracy(surfacePoint(p)), trainCost(surfacePoint(p))],
  reference: [-0.5, 17.6],
};
