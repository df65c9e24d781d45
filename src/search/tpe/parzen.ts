import type { Point, SpaceEncoding } from '../encoding';
import { normalCdf } from '../normal';
import type { Rng } from '../../util/rng';

const logSqrtTwoPi = 0.5 * Math.log(2 * Math.PI);
const minBandwidth = 0.01;
/** Weight of the uninformative component (uniform-ish over the space), relative to one observation. */
const priorWeight = 1;

function truncatedNormalLogPdf(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  const mass = normalCdf((1 - mean) / sd) - normalCdf(-mean / sd);
  return -0.5 * z * z - logSqrtTwoPi - Math.log(sd) - Math.log(Math.max(mass, 1e-300));
}

function sampleTruncatedNormal(mean: number, sd: number, rng: Rng): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = mean + sd * rng.normal();
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, mean));
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return max;
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
}

/**
 * Multivariate Parzen estimator over the encoded space: a mixture with one product kernel per observation plus a
 * prior component that is uniform over the space. Numeric coordinates get Gaussians truncated to [0, 1] with a
 * Scott-like bandwidth 0.2·n^(−1/(d+4)); categorical ones keep their value with probability ½ and otherwise take
 * a uniformly random value.
 */
export class ParzenEstimator {
  private readonly bandwidth: number;

  constructor(private readonly space: SpaceEncoding, private readonly observations: readonly Point[]) {
    this.bandwidth = Math.max(minBandwidth, 0.2 * Math.pow(observations.length + 1, -1 / (space.size + 4)));
  }

  logDensity(point: Point): number {
    const components = [this.componentLogDensity(point, undefined) + Math.log(priorWeight)];
    for (const centre of this.observations) components.push(this.componentLogDensity(point, centre));
    return logSumExp(components) - Math.log(priorWeight + this.observations.length);
  }

  sample(rng: Rng): Point {
    const pick = rng.next() * (priorWeight + this.observations.length);
    const centre = pick < priorWeight ? undefined : this.observations[Math.floor(pick - priorWeight)];
    const point = Float64Array.from({ length: this.space.size }, (_, i) => {
      const categories = this.space.categories[i]!;
      if (categories === 0) return centre ? sampleTruncatedNormal(centre[i]!, this.bandwidth, rng) : rng.next();
      return centre && rng.next() < 0.5 ? centre[i]! : rng.int(categories);
    });
    return this.space.snap(point);
  }

  /** log density of one mixture component; `centre` undefined is the prior component. */
  private componentLogDensity(point: Point, centre: Point | undefined): number {
    let sum = 0;
    for (let i = 0; i < this.space.size; i++) {
      const categories = this.space.categories[i]!;
      if (categories === 0) {
        sum += centre ? truncatedNormalLogPdf(point[i]!, centre[i]!, this.bandwidth) : 0;
      } else {
        const own = centre !== undefined && centre[i] === point[i];
        sum += Math.log(centre ? (own ? 1 + 1 / categories : 1 / categories) / 2 : 1 / categories);
      }
    }
    return sum;
  }
}
