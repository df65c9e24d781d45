import { describe, expect, it } from 'vitest';
import { parameterImportance } from '../../web/src/importance';

const grid = (axes: Record<string, readonly (string | number)[]>) =>
  Object.entries(axes).reduce<Record<string, string | number>[]>((points, [name, values]) => points.flatMap((p) => values.map((v) => ({ ...p, [name]: v }))), [{}]);

describe('parameter importance (first-order variance shares)', () => {
  it('splits an additive objective on a full grid by the variance of each main effect', () => {
    const effect = { a: { 1: -2, 2: 0, 3: 2 }, b: { x: -1, y: 1 } } as const;
    const trials = grid({ a: [1, 2, 3], b: ['x', 'y'], c: [0, 1] }).map((params) => ({
      params,
      objective: effect.a[params.a as 1 | 2 | 3] + effect.b[params.b as 'x' | 'y'],
    }));
    const importance = Object.fromEntries(parameterImportance(trials).map((i) => [i.name, i.importance]));
    // total SS 44 = a 32 + b 12; ε² counts the other parameter's effect as within-group noise:
    // a (32 − 2·12/9) / 44 = 2/3, b (12 − 1·32/10) / 44 = 0.2, c below 0 → 0
    expect(importance.a).toBeCloseTo(2 / 3, 10);
    expect(importance.b).toBeCloseTo(0.2, 10);
    expect(importance.c).toBe(0);
    expect(parameterImportance(trials).map((i) => i.name)).toEqual(['a', 'b', 'c']);
  });

  it('bins a continuous parameter and ranks it above noise', () => {
    let state = 42;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const trials = Array.from({ length: 200 }, () => {
      const lr = 10 ** (-5 + 3 * random());
      const seed = random();
      return { params: { lr, seed }, objective: -((Math.log10(lr) + 3.5) ** 2) + 0.05 * random() };
    });
    const [first, second] = parameterImportance(trials);
    expect(first).toMatchObject({ name: 'lr' });
    expect(first!.importance).toBeGreaterThan(0.6);
    expect(second).toMatchObject({ name: 'seed' });
    expect(second!.importance).toBeLessThan(0.05);
  });

  it('says nothing with fewer than 3 trials and leaves out constant parameters', () => {
    expect(parameterImportance([{ params: { a: 1 }, objective: 1 }, { params: { a: 2 }, objective: 2 }])).toEqual([]);
    expect(parameterImportance([1, 1, 2, 2, 3, 3].map((a, i) => ({ params: { a, fixed: 7 }, objective: a + i / 10 }))).map((i) => i.name)).toEqual(['a']);
  });
});
