import { describe, expect, it } from 'vitest';
import { SpaceEncoding } from '../../../src/search/encoding';
import { designPoint, initialDesignSize, scrambledHalton } from '../../../src/search/initial-design';
import { createRng } from '../../../src/util/rng';
import { TakenPoints } from '../../../src/search/taken-points';
import { finiteSpace, mixedSpace } from './contract';

describe('space encoding', () => {
  const space = new SpaceEncoding(mixedSpace);

  it('round-trips parameters through points, log dimensions on the log scale', () => {
    const params = { batch_size: 17, dropout: 0.25, layers: 4, lr: 1e-3, optimizer: 'sgd', warmup: 10 };
    const point = space.encode(params);
    expect(point[3]).toBeCloseTo(0.5, 12);
    expect(point[4]).toBe(1);
    const back = space.decode(point);
    expect(back).toMatchObject({ batch_size: 17, layers: 4, optimizer: 'sgd', warmup: 10 });
    expect(back.lr as number).toBeCloseTo(1e-3, 15);
  });

  it('snaps coordinates onto allowed values', () => {
    const point = space.snap(Float64Array.from([0.51, 0.3, 0.6, 1.7, 1.4, 0.5]));
    const params = space.decode(point);
    expect(Number.isInteger(params.batch_size)).toBe(true);
    expect(params.layers).toBe(4);
    expect(params.lr).toBe(1e-1);
    expect(params.optimizer).toBe('sgd');
    expect(space.encode(params)).toEqual(point);
  });

  it('gives linear discrete dimensions equal shares of the cube', () => {
    const counts = new Map<unknown, number>();
    for (let i = 0; i < 400; i++) {
      const value = space.decode(space.fromCube([0, 0, (i + 0.5) / 400, 0, (i + 0.5) / 400, 0]));
      counts.set(value.layers, (counts.get(value.layers) ?? 0) + 1);
      counts.set(value.optimizer, (counts.get(value.optimizer) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 133, 100, 134, 100, 133, 100]);
  });

  it('counts the points of a finite space', () => {
    expect(new SpaceEncoding(finiteSpace.filter((d) => d.name !== 'lr')).cardinality()).toBe(18);
    expect(space.cardinality()).toBe(Infinity);
  });
});

describe('initial design', () => {
  it('grows with the dimension', () => {
    expect(initialDesignSize(1)).toBe(5);
    expect(initialDesignSize(6)).toBe(13);
  });

  it('is a low-discrepancy sequence: every stratum of each axis gets its share', () => {
    for (let axis = 0; axis < 4; axis++) {
      const base = [2, 3, 5, 7][axis]!;
      const strata = new Set(Array.from({ length: base * base }, (_, i) => Math.floor(scrambledHalton(11, i, 4)[axis]! * base * base)));
      expect(strata.size).toBe(base * base);
    }
  });

  it('depends only on (seed, ordinal)', () => {
    const space = new SpaceEncoding(mixedSpace);
    expect(designPoint(space, 4, 7)).toEqual(designPoint(space, 4, 7));
    expect(designPoint(space, 4, 7)).not.toEqual(designPoint(space, 5, 7));
  });
});

describe('taken points', () => {
  it('hands out every point of a finite space once, then nothing', () => {
    const space = new SpaceEncoding(finiteSpace.filter((d) => d.name !== 'lr'));
    const taken = new TakenPoints(space, []);
    const rng = createRng(1, 1);
    for (let i = 0; i < 18; i++) taken.add(taken.freePoint(rng)!);
    expect(taken.count).toBe(18);
    expect(taken.freePoint(rng)).toBeUndefined();
  });
});
