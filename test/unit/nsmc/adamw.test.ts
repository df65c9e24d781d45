import { describe, expect, it } from 'vitest';
import { adamwStep, createAdamWState, hfAdamW, StepScalars } from '../../../src/trainers/nsmc/adamw';
import { LazyAdamWTable } from '../../../src/trainers/nsmc/lazy-adamw';
import { createRng } from '../../../src/util/rng';

describe('adamwStep', () => {
  it('matches a hand-computed torch AdamW example over two steps', () => {
    const scalars = new StepScalars(hfAdamW, 2, () => 0.1);
    const state = createAdamWState(Float32Array.of(1));
    adamwStep(state, 0, [0.5], 0, 1, scalars, 1, 0.01);
    // step 1: p = 1·(1 − 0.1·0.01) = 0.999; m = 0.05; v = 0.001·0.25 = 2.5e-4
    //         p −= (0.1 / (1 − 0.9)) · 0.05 / (√2.5e-4 / √(1 − 0.999) + 1e-8) = 0.05 / (0.5 + 1e-8)
    const p1 = 0.999 - 0.05 / (0.5 + 1e-8);
    expect(state.params[0]).toBeCloseTo(p1, 6);
    expect(state.m[0]).toBeCloseTo(0.05, 8);
    expect(state.v[0]).toBeCloseTo(2.5e-4, 10);
    adamwStep(state, 0, [-0.25], 0, 1, scalars, 2, 0.01);
    // step 2: m = 0.9·0.05 − 0.1·0.25 = 0.02; v = 0.999·2.5e-4 + 0.001·0.0625 = 3.1225e-4
    //         p = p1·0.999 − (0.1 / (1 − 0.81)) · 0.02 / (√3.1225e-4 / √(1 − 0.998001) + 1e-8)
    const m2 = 0.02;
    const v2 = 0.999 * 2.5e-4 + 0.001 * 0.0625;
    const p2 = p1 * 0.999 - (0.1 / 0.19) * (m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.998001) + 1e-8));
    expect(state.m[0]).toBeCloseTo(m2, 8);
    expect(state.v[0]).toBeCloseTo(v2, 10);
    expect(state.params[0]).toBeCloseTo(p2, 6);
  });
});

describe('LazyAdamWTable', () => {
  it('equals dense AdamW with zero gradients for the rows a step does not touch', () => {
    const rows = 48;
    const dim = 3;
    const steps = 900;
    const warmup = 50;
    const scalars = new StepScalars(hfAdamW, steps, (t) => 0.02 * Math.min((t - 1) / warmup, (steps - t + 1) / (steps - warmup)));
    const rng = createRng(7);
    // Float64 storage on both sides, so that what differs is the closed form, not float32 rounding.
    const float64State = () => {
      const params = Float64Array.from({ length: rows * dim }, (_, e) => Math.sin(e));
      return { params, m: new Float64Array(params.length), v: new Float64Array(params.length) };
    };
    const dense = float64State();
    const lazy = new LazyAdamWTable(float64State(), dim, scalars, 0.05);
    // Row r is touched with probability 0.6^(r % 8) per step; every fourth row gets tiny gradients so ε matters.
    const gradScale = (row: number) => (row % 4 === 3 ? 1e-9 : 1e-3 * (1 + row));
    for (let step = 1; step <= steps; step++) {
      const touched: number[] = [];
      for (let row = 0; row < rows; row++) if (rng.next() < 0.6 ** (row % 8)) touched.push(row);
      const grads = Float64Array.from({ length: touched.length * dim }, (_, e) => rng.normal() * gradScale(touched[Math.floor(e / dim)] as number));
      const denseGrad = new Float64Array(rows * dim);
      touched.forEach((row, i) => denseGrad.set(grads.subarray(i * dim, (i + 1) * dim), row * dim));
      adamwStep(dense, 0, denseGrad, 0, rows * dim, scalars, step, 0.05);
      lazy.applyStep(step, Int32Array.from(touched), touched.length, grads);
    }
    lazy.flush(steps);
    for (let e = 0; e < rows * dim; e++) {
      const scale = Math.max(1e-3, Math.abs(dense.params[e] as number));
      expect(Math.abs((lazy.state.params[e] as number) - (dense.params[e] as number)) / scale).toBeLessThan(1e-8);
      expect(lazy.state.m[e]).toBeCloseTo(dense.m[e] as number, 12);
    }
  });
});
