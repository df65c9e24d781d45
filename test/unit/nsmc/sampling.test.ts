import { describe, expect, it } from 'vitest';
import { type LabelPredictions, sampleLabel, scorePredictions } from '../../../src/trainers/nsmc/onnx-evaluate';
import { createRng } from '../../../src/util/rng';

/** 400 reviews with P(positive) spread over (0, 1) and true labels alternating. */
function predictions(): { predictions: LabelPredictions; truth: Uint8Array } {
  const count = 400;
  const probabilities = new Float32Array(count * 2);
  const logits = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const positive = (i + 0.5) / count;
    probabilities.set([1 - positive, positive], i * 2);
    logits.set([0, Math.log(positive / (1 - positive))], i * 2);
  }
  return { predictions: { labels: 2, logits, probabilities }, truth: Uint8Array.from({ length: count }, (_, i) => i % 2) };
}

describe('label sampling', () => {
  const { predictions: model, truth } = predictions();

  it('is greedy as temperature goes to 0', () => {
    for (const temperature of [0, 1e-7, 1e-6]) {
      const metrics = scorePredictions(model, truth, { temperature, top_p: 1, seed: 3 });
      expect(metrics.eval_accuracy).toBe(metrics.greedy_accuracy);
    }
    const rng = createRng(1);
    for (let i = 0; i < 400; i++) expect(sampleLabel(model.probabilities, i * 2, 2, { temperature: 1e-6, top_p: 1 }, rng)).toBe(i < 200 ? 0 : 1);
  });

  it('is greedy when top_p keeps only the most probable label', () => {
    const rng = createRng(2);
    for (let i = 0; i < 400; i++) expect(sampleLabel(model.probabilities, i * 2, 2, { temperature: 1, top_p: 1e-3 }, rng)).toBe(i < 200 ? 0 : 1);
    // an exact tie keeps the first label, as argmax does
    expect(sampleLabel(Float32Array.of(0.5, 0.5), 0, 2, { temperature: 1, top_p: 0.01 }, rng)).toBe(0);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const options = { temperature: 1, top_p: 1 };
    const a = scorePredictions(model, truth, { ...options, seed: 11 });
    expect(scorePredictions(model, truth, { ...options, seed: 11 })).toEqual(a);
    const others = [12, 13, 14].map((seed) => scorePredictions(model, truth, { ...options, seed }).eval_accuracy);
    expect(others.some((accuracy) => accuracy !== a.eval_accuracy)).toBe(true);
  });

  it('draws labels with the model probabilities at temperature 1, and flattens them at high temperature', () => {
    const draw = (temperature: number) => {
      const rng = createRng(5);
      let positives = 0;
      for (let n = 0; n < 20_000; n++) positives += sampleLabel(Float32Array.of(0.3, 0.7), 0, 2, { temperature, top_p: 1 }, rng);
      return positives / 20_000;
    };
    expect(draw(1)).toBeCloseTo(0.7, 1);
    // p^(1/T) renormalised: T = 2 gives √0.7 / (√0.3 + √0.7) = 0.6044
    expect(draw(2)).toBeCloseTo(0.6044, 1);
    expect(Math.abs(draw(100) - 0.5)).toBeLessThan(0.02);
  });

  it('scores eval_loss as the mean cross-entropy of the model, whatever the sampling', () => {
    const expected = Array.from(truth, (label, i) => -Math.log(model.probabilities[i * 2 + label] as number)).reduce((a, b) => a + b, 0) / truth.length;
    for (const temperature of [0, 1]) expect(scorePredictions(model, truth, { temperature, top_p: 1, seed: 1 }).eval_loss).toBeCloseTo(expected, 5);
  });
});
