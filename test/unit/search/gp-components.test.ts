import { describe, expect, it } from 'vitest';
import { GaussianProcess } from '../../../src/search/bayes/gp';
import { minimize } from '../../../src/search/bayes/lbfgs';
import { powerTransform } from '../../../src/search/bayes/power-transform';
import { NegativeLogPosterior } from '../../../src/search/bayes/likelihood';
import { cholesky, inverse, solve } from '../../../src/search/bayes/linalg';
import { logExpectedImprovement, logH } from '../../../src/search/bayes/log-ei';
import { erfcx, logNormalCdf, normalCdf, normalPdf } from '../../../src/search/normal';
import { createRng } from '../../../src/util/rng';

describe('normal helpers', () => {
  it('computes erfcx to 1e-6 relative against reference values', () => {
    const reference: [number, number][] = [[0, 1], [0.5, 0.6156903441929259], [1, 0.42758357615580705], [5, 0.1107046377339686], [30, 0.018795888861416751]];
    for (const [x, value] of reference) expect(Math.abs(erfcx(x) / value - 1)).toBeLessThan(1e-6);
  });

  it('keeps log Φ accurate in the far lower tail', () => {
    expect(logNormalCdf(0)).toBeCloseTo(Math.log(0.5), 6);
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084420137538, 4);
    expect(logNormalCdf(6)).toBeCloseTo(Math.log1p(-9.865876450377e-10), 12);
  });
});

describe('log expected improvement', () => {
  it('matches log(φ(z) + zΦ(z)) where that is accurate, and stays finite and increasing far below', () => {
    for (let z = -5; z <= 5; z += 0.25) expect(logH(z)).toBeCloseTo(Math.log(normalPdf(z) + z * normalCdf(z)), 5);
    let previous = -Infinity;
    for (const z of [-1e4, -1e3, -100, -30.01, -29.99, -10, -1.0001, -0.9999, 0]) {
      const value = logH(z);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
    expect(logH(-1e3)).toBeCloseTo(-0.5 * 1e6 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(1e3), 3);
  });

  it('is continuous where the formulas switch', () => {
    for (const z of [-1, -30]) expect(Math.abs(logH(z - 1e-9) - logH(z + 1e-9))).toBeLessThan(1e-4);
  });

  it('scales with the standard deviation', () => {
    expect(logExpectedImprovement(1, 4, 0)).toBeCloseTo(logH(-0.5) + Math.log(2), 10);
  });
});

describe('linear algebra', () => {
  const spd = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);

  it('solves and inverts through the Cholesky factor', () => {
    const factor = cholesky(spd, 3)!;
    expect(factor.jitter).toBe(0);
    const x = solve(factor, Float64Array.from([1, 2, 3]));
    for (let i = 0; i < 3; i++) expect(spd[i * 3]! * x[0]! + spd[i * 3 + 1]! * x[1]! + spd[i * 3 + 2]! * x[2]!).toBeCloseTo([1, 2, 3][i]!, 10);
    const inv = inverse(factor);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const product = [0, 1, 2].reduce((s, k) => s + spd[i * 3 + k]! * inv[k * 3 + j]!, 0);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it('adds jitter to a singular matrix until it factors', () => {
    const factor = cholesky(Float64Array.from([1, 1, 1, 1]), 2);
    expect(factor).toBeDefined();
    expect(factor!.jitter).toBeGreaterThan(0);
  });
});

describe('hyperparameter fit', () => {
  const rng = createRng(1, 1);
  const points = Array.from({ length: 15 }, () => Float64Array.from([rng.next(), rng.next(), rng.int(3)]));
  const y = Float64Array.from(points, (p) => Math.sin(6 * p[0]!) + 0.3 * p[1]! + (p[2] === 1 ? 0.5 : 0));
  const categorical = [false, false, true];

  it('has an analytic gradient that matches finite differences', () => {
    const objective = new NegativeLogPosterior(points, y, categorical);
    const theta = Float64Array.from([-1, 0.2, -0.5, 0.3, -4]);
    const { gradient } = objective.evaluate(theta, true)!;
    theta.forEach((_, k) => {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[k] = up[k]! + 1e-5;
      down[k] = down[k]! - 1e-5;
      const numeric = (objective.evaluate(up, false)!.value - objective.evaluate(down, false)!.value) / 2e-5;
      expect(gradient![k]).toBeCloseTo(numeric, 3);
    });
  });

  it('minimises a bounded quadratic with L-BFGS, stopping at the bound', () => {
    const f = (x: Float64Array) => ({ value: (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2, gradient: Float64Array.from([2 * (x[0]! - 3), 20 * (x[1]! + 1)]) });
    const found = minimize(f, Float64Array.from([0, 0]), { lower: Float64Array.from([-5, -5]), upper: Float64Array.from([2, 5]), maxEvaluations: 100 })!;
    expect(found.x[0]).toBeCloseTo(2, 6);
    expect(found.x[1]).toBeCloseTo(-1, 4);
  });

  it('fits a GP that nearly interpolates noiseless data and is unsure far from it', () => {
    const gp = GaussianProcess.fit(points, Array.from(y), categorical, createRng(2, 2))!;
    gp.fittedMeans().forEach((m, i) => expect(m).toBeCloseTo(y[i]!, 1));
    const near = gp.latent(points[0]!);
    const far = gp.latent(Float64Array.from([2, 2, 0]));
    expect(near.variance).toBeLessThan(far.variance / 10);
  });
});

describe('power transform', () => {
  it('keeps the order and makes skewed outputs more symmetric', () => {
    const skewed = [0.1, 0.2, 0.15, 0.3, 0.25, 0.2, 5, 40, 0.12, 0.18];
    const transformed = powerTransform(skewed);
    const order = (v: readonly number[]) => v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
    expect(order(transformed)).toEqual(order(skewed));
    const skewness = (v: readonly number[]) => {
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
      return v.reduce((s, x) => s + ((x - mean) / sd) ** 3, 0) / v.length;
    };
    expect(Math.abs(skewness(transformed))).toBeLessThan(0.75 * Math.abs(skewness(skewed)));
  });
});
