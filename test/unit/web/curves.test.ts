import { describe, expect, it } from 'vitest';
import type { TrialDetail } from '../../../src/client/index';
import { curvesOption } from '../../../web/src/charts/curves';
import { palette } from '../../../web/src/charts/palette';
import { trialOf } from './trial-fixture';

type Series = { name: string; color: string; data: number[][]; lineStyle: { type: string; opacity?: number } };

const detailOf = (ordinal: number): TrialDetail => ({
  ...trialOf({ ordinal, status: 'succeeded' }),
  curve: [1, 2, 3].map((step) => ({ step, epoch: null, values: { loss: 1 / step + ordinal, eval_accuracy: step / 10 }, recordedAt: '2026-01-01T00:00:00.000Z' })),
});

describe('curves of several trials', () => {
  const trials = Array.from({ length: palette.length + 2 }, (_, ordinal) => detailOf(ordinal));

  it('styles a trial alike in every metric, dashing the trials past the palette', () => {
    const style = (metric: string) => (curvesOption(trials, metric).series as Series[]).map((s) => [s.name, s.color, s.lineStyle.type]);
    expect(style('loss')).toEqual(style('eval_accuracy'));
    const styles = style('loss');
    expect(new Set(styles.map(([, color, dash]) => `${color} ${dash}`)).size).toBe(trials.length);
    expect(styles.at(-1)).toEqual([`#${palette.length + 1}`, palette[1], 'dashed']);
  });

  it('draws each smoothed curve over its raw one, faint, under one legend entry', () => {
    const option = curvesOption(trials.slice(0, 2), 'loss', 0.5);
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['#0', '#0', '#1', '#1']);
    expect((option.legend as { data: string[] }).data).toEqual(['#0', '#1']);
    const [smoothed, raw] = series;
    expect(raw!.data).toEqual([[1, 1], [2, 0.5], [3, 1 / 3]]);
    expect(raw!.lineStyle.opacity).toBeLessThan(1);
    expect(smoothed!.data[2]![1]).toBeGreaterThan(1 / 3);
    expect(smoothed!.color).toBe(raw!.color);
  });
});
