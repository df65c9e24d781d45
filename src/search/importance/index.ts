import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Dimension } from '../../search-spec/dimension';
import type { Params } from '../../search-spec/space';
import { createRng } from '../../util/rng';
import { SpaceEncoding } from '../encoding';
import { decomposeVariance } from './fanova';
import { fitTree, treeData, type TreeData, type TreeOptions } from './regression-tree';

/**
 * Parameter importance by functional ANOVA over a random-forest surrogate, as Optuna's FanovaImportanceEvaluator
 * does (Hutter, Hoos & Leyton-Brown 2014, "An Efficient Approach for Assessing Hyperparameter Importance").
 * Each tree is fitted to a bootstrap sample of the trials in the search space's unit cube (numbers mapped to
 * [0, 1], log-scaled where the space says log; a categorical as its value's index, split on any subset of
 * values); each tree's exact main-effect variances V_i under the uniform measure over the cube give its shares
 * V_i / Σ_j V_j, and a parameter's importance is its mean share over the trees, with their standard deviation.
 * Because the measure is uniform over the space, not the trials, a search that sampled unevenly (as bayes and
 * tpe do, crowding near the optimum) is weighed as if it had covered the space: the trees only decide the shape.
 */
export const importanceLimits = {
  /** Fewer succeeded trials give no estimate. */
  minTrials: 5,
  /** The latest ones are used. */
  maxTrials: 1_000,
  trees: 32,
  maxDepth: 16,
  minSamplesLeaf: 1,
} as const;

/** The random stream of the forest, apart from the search algorithms' streams of the same seed. */
const FOREST_STREAM = 0x1f0a;

export interface ScoredParams {
  params: Params;
  objective: number;
}

export interface ParameterImportance {
  name: string;
  /** Mean over the trees of the parameter's share of the main-effect variance; the shares sum to 1. */
  share: number;
  /** Standard deviation of that share across the trees. */
  shareStd: number;
}

export const noEstimateReasons = ['too-few-trials', 'no-varying-parameters', 'no-variance-explained'] as const;
export type NoEstimateReason = (typeof noEstimateReasons)[number];

export type ImportanceEstimate =
  | {
      parameters: ParameterImportance[];
      /** Mean over the trees of Σ_i V_i / V: how much of the surrogate's variance the main effects carry; the rest is interactions. */
      mainEffectFraction: number;
      trialsUsed: number;
      reason: null;
    }
  | { parameters: []; mainEffectFraction: null; trialsUsed: number; reason: NoEstimateReason };

/** The dimensions that can take more than one value: a single-valued one is a constant, not a parameter. */
const varyingDimensions = (dimensions: readonly Dimension[]) => {
  const encoding = new SpaceEncoding(dimensions);
  return dimensions.filter((_, i) => encoding.levels(i) > 1);
};

/** Trials whose parameters lie in the space (a value it does not list, or a missing one, leaves a trial out), centred and scaled. */
function scoredPoints(encoding: SpaceEncoding, trials: readonly ScoredParams[]): TreeData {
  const kept = trials
    .filter((trial) => Number.isFinite(trial.objective))
    .map((trial) => ({ point: encoding.encode(trial.params), objective: trial.objective }))
    .filter(({ point }) => point.every((x, i) => Number.isFinite(x) && (!encoding.isCategorical(i) || x >= 0)));
  const mean = kept.reduce((sum, t) => sum + t.objective, 0) / kept.length;
  const scale = Math.sqrt(kept.reduce((sum, t) => sum + (t.objective - mean) ** 2, 0) / kept.length) || 1;
  return treeData(
    kept.map((t) => t.point),
    Float64Array.from(kept, (t) => (t.objective - mean) / scale),
    encoding.categories,
  );
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const mean = meanOf(xs);
  return Math.sqrt(xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (xs.length - 1));
};

/**
 * The importance of each varying parameter of `dimensions` (in their order) for the objective of `trials`
 * (the latest `importanceLimits.maxTrials` of them, taken in the order given), reproducible from `seed`.
 * The objective's sign does not change a share, so minimised and maximised objectives are treated alike.
 * The event loop gets a turn between trees: the largest (1,000 trials of 64 parameters) takes seconds of CPU.
 */
export async function estimateImportance(
  dimensions: readonly Dimension[],
  trials: readonly ScoredParams[],
  seed: number,
): Promise<ImportanceEstimate> {
  const varying = varyingDimensions(dimensions);
  const encoding = new SpaceEncoding(varying);
  const data = scoredPoints(encoding, trials.slice(-importanceLimits.maxTrials));
  const trialsUsed = data.objectives.length;
  const none = (reason: NoEstimateReason): ImportanceEstimate => ({ parameters: [], mainEffectFraction: null, trialsUsed, reason });
  if (varying.length === 0) return none('no-varying-parameters');
  if (trialsUsed < importanceLimits.minTrials) return none('too-few-trials');

  const options: TreeOptions = { minSamplesLeaf: importanceLimits.minSamplesLeaf, maxDepth: importanceLimits.maxDepth };
  const rng = createRng(seed, FOREST_STREAM);
  const shares: number[][] = varying.map(() => []);
  const fractions: number[] = [];
  for (let tree = 0; tree < importanceLimits.trees; tree++) {
    if (tree > 0) await yieldToEventLoop();
    const bootstrap = Array.from({ length: trialsUsed }, () => rng.int(trialsUsed));
    const { total, mainEffects } = decomposeVariance(fitTree(data, bootstrap, options));
    const explained = mainEffects.reduce((a, b) => a + b, 0);
    if (!(explained > 0)) continue;
    mainEffects.forEach((v, i) => shares[i]!.push(v / explained));
    fractions.push(Math.min(1, explained / total));
  }
  if (fractions.length === 0) return none('no-variance-explained');
  return {
    parameters: varying.map((dim, i) => ({ name: dim.name, share: meanOf(shares[i]!), shareStd: sampleStd(shares[i]!) })),
    mainEffectFraction: meanOf(fractions),
    trialsUsed,
    reason: null,
  };
}
