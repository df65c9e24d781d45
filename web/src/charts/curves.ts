import type { TrialDetail } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { seriesStyle } from './palette';
import { smoothEma } from './smoothing';

/** The raw curve's opacity behind its smoothed one. */
const RAW_OPACITY = 0.25;

/**
 * One metric of the curves of several trials against the training step, smoothed by an exponential moving
 * average of weight `smoothing` with the raw curve faint behind it. Each trial has the style of its place in
 * `trials` (see seriesStyle), so charts of the same trials colour them alike.
 */
export function curvesOption(trials: readonly TrialDetail[], metric: string, smoothing = 0, logScale = false): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, data: trials.map(seriesName) },
    // axis names sit beside their axes, clear of the legend on top; the grid shrinks to hold them
    grid: { left: 12, right: 20, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 8, minInterval: 1 },
    yAxis: { type: logScale ? 'log' : 'value', name: metric, nameLocation: 'middle', nameGap: 10, scale: true },
    series: trials.flatMap((trial, index) => {
      const raw = trial.curve.flatMap((point): [number, number][] => {
        const value = point.values[metric];
        return typeof value === 'number' && (!logScale || value > 0) ? [[point.step, value]] : [];
      });
      const { color, type } = seriesStyle(index);
      const line = { name: seriesName(trial), type: 'line' as const, color, showSymbol: raw.length < 30 };
      if (smoothing === 0) return [{ ...line, lineStyle: { type }, data: raw }];
      return [
        { ...line, lineStyle: { type }, data: smoothEma(raw, smoothing) },
        { ...line, showSymbol: false, silent: true, z: 1, lineStyle: { type, width: 1, opacity: RAW_OPACITY }, tooltip: { show: false }, data: raw },
      ];
    }),
  };
}

const seriesName = (trial: TrialDetail) => `#${trial.ordinal}`;

/** Whether any trial reported `metric` on its curve. */
export const hasMetric = (trials: readonly TrialDetail[], metric: string) => trials.some((t) => t.curve.some((p) => typeof p.values[metric] === 'number'));

/** Every metric on the trials' curves, sorted. */
export const curveMetricNames = (trials: readonly TrialDetail[]) => [...new Set(trials.flatMap((t) => t.curve.flatMap((p) => Object.keys(p.values))))].sort();

/** What to plot beside the loss until one is picked: an evaluation metric (as the HF Trainer logs it per epoch), else the learning rate, else any other. */
export function defaultCurveMetric(names: readonly string[]): string | undefined {
  return names.find((name) => /^eval[_/]/.test(name)) ?? names.find((name) => name === 'learning_rate') ?? names.find((name) => name !== 'loss') ?? names[0];
}
