import { describe, expect, it } from 'vitest';
import { lrLambda, type ScheduleOptions, warmupStepsFor } from '../../../src/trainers/nsmc/schedules';

// Expected values are worked out by hand from transformers' optimization.py with 100 training steps
// and 10 warmup steps; λ(step) is the LambdaLR multiplier.
const base = { learningRate: 1e-3, trainingSteps: 100, warmupSteps: 10 } as const;
const lambda = (options: Partial<ScheduleOptions> & Pick<ScheduleOptions, 'type'>) => lrLambda({ ...base, ...options });

describe('lrLambda', () => {
  it('constant ignores warmup, as get_scheduler does', () => {
    const at = lambda({ type: 'constant' });
    expect([0, 5, 10, 100].map(at)).toEqual([1, 1, 1, 1]);
  });

  it('constant_with_warmup: step / warmup, then 1', () => {
    const at = lambda({ type: 'constant_with_warmup' });
    expect([0, 5, 10, 50].map(at)).toEqual([0, 0.5, 1, 1]);
  });

  it('linear: warmup, then (T − step) / (T − warmup), floored at 0', () => {
    const at = lambda({ type: 'linear' });
    expect([0, 5, 10].map(at)).toEqual([0, 0.5, 1]);
    expect(at(55)).toBeCloseTo(45 / 90, 15);
    expect(at(100)).toBe(0);
    expect(at(120)).toBe(0);
  });

  it('cosine: 0.5·(1 + cos(π·num_cycles·2·progress)), num_cycles 0.5 by default', () => {
    const half = lambda({ type: 'cosine' });
    expect(half(5)).toBe(0.5);
    expect(half(10)).toBe(1);
    // progress (28 − 10) / 90 = 0.2 → 0.5·(1 + cos 0.2π) = 0.5·(1 + 0.80901699437)
    expect(half(28)).toBeCloseTo(0.904508497187, 12);
    expect(half(55)).toBeCloseTo(0.5, 15);
    expect(half(100)).toBeCloseTo(0, 15);
    // one full cycle: progress 0.5 is the trough
    expect(lambda({ type: 'cosine', numCycles: 1 })(55)).toBeCloseTo(0, 15);
  });

  it('cosine_with_restarts: 0.5·(1 + cos(π·((num_cycles·progress) mod 1))), 0 once progress reaches 1', () => {
    const once = lambda({ type: 'cosine_with_restarts' });
    expect(once(55)).toBeCloseTo(0.5, 15);
    const twice = lambda({ type: 'cosine_with_restarts', numCycles: 2 });
    // progress 0.2 → (0.4 mod 1) → 0.5·(1 + cos 0.4π) = 0.5·(1 + 0.30901699437)
    expect(twice(28)).toBeCloseTo(0.654508497187, 12);
    // progress 0.5 → (1.0 mod 1) = 0 → the restart at full rate
    expect(twice(55)).toBe(1);
    expect(twice(100)).toBe(0);
    expect(twice(5)).toBe(0.5);
  });

  it('polynomial: ((lr − lr_end)·remaining^power + lr_end) / lr, lr_end / lr after the last step', () => {
    const linear = lambda({ type: 'polynomial' });
    expect(linear(5)).toBe(0.5);
    // remaining 1 − 45/90 = 0.5 → ((1e-3 − 1e-7)·0.5 + 1e-7) / 1e-3 = 0.50005
    expect(linear(55)).toBeCloseTo(0.50005, 12);
    expect(linear(100)).toBeCloseTo(1e-4, 15);
    expect(linear(150)).toBeCloseTo(1e-4, 15);
    // power 2: ((1e-3 − 1e-7)·0.25 + 1e-7) / 1e-3 = 0.250075
    expect(lambda({ type: 'polynomial', power: 2 })(55)).toBeCloseTo(0.250075, 12);
    expect(() => lambda({ type: 'polynomial', learningRate: 1e-7 })).toThrow(/lr_end/);
  });
});

describe('warmupStepsFor', () => {
  it('takes warmup_steps when positive, else ceil(warmup_ratio · steps)', () => {
    expect(warmupStepsFor(0, 0.1, 95)).toBe(10);
    expect(warmupStepsFor(5, 0.5, 95)).toBe(5);
    expect(warmupStepsFor(0, 0, 95)).toBe(0);
  });
});
