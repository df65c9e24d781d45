import type { Point, SpaceEncoding } from '../encoding';
import { normalCdf } from '../normal';
import type { Rng } from '../../util/rng';

const logSqrtTwoPi = 0.5 * Math.log(2 * Math.PI);
/** Kernel width of a numeric coordinate before any observation; it shrinks with their count (see bandwidths). */
const baseBandwidth = 0.06;
/** The prior component of a numeric coordinate: a wide Gaussian centred in the range (Optuna's: σ = the range). */
const priorMean = 0.5;
const priorSd = 1;
/**
 * Optuna's smoothing of categorical kernels (its prior weight, 1) for both densities, whatever their prior
 * component weighs: a lower one for l alone made the two densities' categorical kernels differ, and l/g with them.
 */
const categoricalSmoothing = 1;

/**
 * The kernel width of each coordinate of the unit cube when `observed` trials are known: scale·0.06·(n + 1)^(−1/(d + 4))
 * (Scott's rate for d dimensions), shared by every kernel of both densities so that l/g compares like with like.
 * A coordinate with finitely many values keeps at least half its mean step, else its kernels would never leave
 * their value; categorical coordinates have no width (0).
 */
export function bandwidths(space: SpaceEncoding, observed: number, scale = 1): Float64Array {
  const scott = scale * baseBandwidth * Math.pow(observed + 1, -1 / (space.size + 4));
  return Float64Array.from({ length: space.size }, (_, i) => {
    if (space.isCategorical(i)) return 0;
    const levels = space.levels(i);
    return Number.isFinite(levels) ? Math.max(scott, 0.5 / (levels - 1)) : scott;
  });
}

function sampleTruncatedNormal(mean: number, sd: number, rng: Rng): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = mean + sd * rng.normal();
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, mean));
}

/** log of the mass a normal keeps inside [0, 1], plus its usual normaliser: what −½z² is offset by in log space. */
function truncatedNormalLogNormaliser(mean: number, sd: number): number {
  const mass = normalCdf((1 - mean) / sd) - normalCdf(-mean / sd);
  return -logSqrtTwoPi - Math.log(sd) - Math.log(Math.max(mass, 1e-300));
}

export interface ParzenOptions {
  /** Weight of each observation's kernel, in the order of the observations; any positive scale. */
  readonly weights: readonly number[];
  /** Weight of the prior component against the observations' weights normalised to a mean of 1. */
  readonly priorWeight: number;
  /** Kernel width of each coordinate (see bandwidths). */
  readonly bandwidths: Float64Array;
}

/**
 * Multivariate Parzen estimator over the encoded space (the joint density, as Optuna's multivariate TPE): a
 * weighted mixture of one product kernel per observation and a prior component. Numeric coordinates get
 * Gaussians truncated to [0, 1]; the prior's is centred with σ = 1. A categorical coordinate of C values keeps its
 * observed value with probability 1/(1 + Cε) and otherwise takes a uniformly random one, ε = 1/(n + 1)
 * (Optuna's smoothing: the observed value plus ε on every value); the prior's is uniform.
 */
export class ParzenEstimator {
  /** The observations, then undefined for the prior component. */
  private readonly centres: readonly (Point | undefined)[];
  /** Cumulative mixture weights, for sampling a component. */
  private readonly cumulative: Float64Array;
  /** Per component: log weight plus the log normalisers of its numeric and categorical factors. */
  private readonly offsets: Float64Array;
  /** Probability that a categorical coordinate keeps its observed value. */
  private readonly keep: Float64Array;

  constructor(private readonly space: SpaceEncoding, observations: readonly Point[], private readonly options: ParzenOptions) {
    const n = observations.length;
    const total = options.weights.reduce((sum, w) => sum + w, 0);
    const raw = [...options.weights.map((w) => (w * n) / total), n === 0 ? 1 : options.priorWeight];
    const sum = n + (n === 0 ? 1 : options.priorWeight);
    this.centres = [...observations, undefined];
    let cumulative = 0;
    this.cumulative = Float64Array.from(raw, (w) => (cumulative += w / sum));
    const smoothing = categoricalSmoothing / (n + 1);
    this.keep = Float64Array.from(space.categories, (c) => 1 / (1 + c * smoothing));
    this.offsets = Float64Array.from(this.centres, (centre, k) => {
      let offset = Math.log(raw[k]! / sum);
      for (let i = 0; i < space.size; i++) {
        const categories = space.categories[i]!;
        if (categories === 0) {
          offset += centre ? truncatedNormalLogNormaliser(centre[i]!, options.bandwidths[i]!) : truncatedNormalLogNormaliser(priorMean, priorSd);
        } else if (!centre) offset -= Math.log(categories);
      }
      return offset;
    });
  }

  logDensity(point: Point): number {
    const logs = this.centres.map((centre, k) => this.offsets[k]! + this.kernelLogShape(point, centre));
    const max = Math.max(...logs);
    if (max === -Infinity) return max;
    return max + Math.log(logs.reduce((s, v) => s + Math.exp(v - max), 0));
  }

  sample(rng: Rng): Point {
    const u = rng.next();
    const k = this.cumulative.findIndex((c) => u < c);
    const centre = k < 0 ? undefined : this.centres[k];
    const point = Float64Array.from({ length: this.space.size }, (_, i) => {
      const categories = this.space.categories[i]!;
      if (categories > 0) return centre && rng.next() < this.keep[i]! ? centre[i]! : rng.int(categories);
      return centre ? sampleTruncatedNormal(centre[i]!, this.options.bandwidths[i]!, rng) : sampleTruncatedNormal(priorMean, priorSd, rng);
    });
    return this.space.snap(point);
  }

  /** The part of a component's log density that depends on the point (the rest is in offsets). */
  private kernelLogShape(point: Point, centre: Point | undefined): number {
    let sum = 0;
    for (let i = 0; i < this.space.size; i++) {
      const categories = this.space.categories[i]!;
      if (categories === 0) {
        const z = centre ? (point[i]! - centre[i]!) / this.options.bandwidths[i]! : (point[i]! - priorMean) / priorSd;
        sum -= 0.5 * z * z;
      } else if (centre) {
        const keep = this.keep[i]!;
        sum += Math.log((centre[i] === point[i] ? keep : 0) + (1 - keep) / categories);
      }
    }
    return sum;
  }
}
