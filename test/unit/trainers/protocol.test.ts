import { describe, expect, it } from 'vitest';
import { parseProtocolLine } from '../../../src/trainers/command/protocol';
import { DivergenceDetector } from '../../../src/trainers/divergence';

describe('command trainer protocol', () => {
  it('reads progress, eval and divergence lines', () => {
    expect(parseProtocolLine('{"step": 3, "epoch": 1.5, "loss": 0.4, "learning_rate": 1e-4, "note": "x"}')).toEqual({
      kind: 'progress',
      report: { step: 3, epoch: 1.5, values: { loss: 0.4, learning_rate: 1e-4 } },
    });
    expect(parseProtocolLine('{"eval": {"eval_accuracy": 0.83, "eval_runtime": "fast"}}')).toEqual({ kind: 'eval', metrics: { eval_accuracy: 0.83 } });
    expect(parseProtocolLine('{"status": "diverged", "reason": "nan"}')).toEqual({ kind: 'diverged', reason: 'nan' });
    expect(parseProtocolLine('{"status": "diverged", "reason": {"loss": 1e9}}')).toEqual({ kind: 'diverged', reason: '{"loss":1000000000}' });
    expect(parseProtocolLine('{"status": "diverged"}')).toEqual({ kind: 'diverged', reason: 'trainer reported divergence' });
  });

  it("reads Python's NaN and Infinity in progress lines", () => {
    const message = parseProtocolLine('{"step": 4, "loss": NaN, "grad_norm": Infinity}');
    expect(message.kind).toBe('progress');
    if (message.kind === 'progress') {
      expect(message.report.values.loss).toBeNaN();
      expect(message.report.values.grad_norm).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it('keeps anything else as log output', () => {
    for (const line of ['Epoch 1/3: 100%|██████████|', '{"step": -1}', '{"step": "3"}', '[1, 2]', 'null', '{"step": 1.5}', '']) {
      expect(parseProtocolLine(line).kind).toBe('log');
    }
  });
});

describe('divergence detection', () => {
  it('flags NaN, infinite, exploding and exactly-zero losses', () => {
    expect(new DivergenceDetector().check(Number.NaN)).toMatch(/NaN/);
    expect(new DivergenceDetector().check(Number.POSITIVE_INFINITY)).toMatch(/Infinity/);
    expect(new DivergenceDetector().check(0)).toMatch(/exactly 0/);
    const detector = new DivergenceDetector();
    expect(detector.check(0.7)).toBeUndefined();
    expect(detector.check(0.3)).toBeUndefined();
    expect(detector.check(6.9)).toBeUndefined();
    expect(detector.check(7.1)).toMatch(/exploded/);
  });
});
