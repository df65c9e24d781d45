import type { TrialDetail } from '../../../src/client/index';
import type { ChartOption } from './echarts';

/** One metric of the curves of several trials against the training step. */
export function curvesOption(trials: readonly TrialDetail[], metric: string, logScale = false): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    // axis names sit beside their axes, clear of the legend on top; the grid shrinks to hold them
    grid: { left: 12, right: 20, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 8, minInterval: 1 },
    yAxis: { type: logScale ? 'log' : 'value', name: metric, nameLocation: 'middle', nameGap: 10, scale: true },
    series: trials.map((trial) => {
      const data = trial.curve.flatMap((point) => {
        const value = point.values[metric];
        return typeof value === 'number' && (!logScale || value > 0) ? [[point.step, value]] : [];
      });
      return { name: `#${trial.ordinal}`, type: 'line', showSymbol: data.length < 30, data };
    }),
  };
}

/** Whether any trial reported `metric` on its curve. */
export const hasMetric = (trials: readonly TrialDetail[], metric: string) => trials.some((t) => t.curve.some((p) => typeof p.values[metric] === 'number'));

/** Every metric on the trials' curves, sorted. */
export const curveMetricNames = (trials: readonly TrialDetail[]) => [...new Set(trials.flatMap((t) => t.curve.flatMap((p) => Object.keys(p.values))))].sort();

/** What to plot beside the loss until one is picked: an evaluation metric (as the HF Trainer logs it per epoch), else the learning rate, else any other. */
export function defaultCurveMetric(names: readonly string[]): string | undefined {
  return names.find((name) => /^eval[_/]/.test(name)) ?? names.find((name) => name === 'learning_rate') ?? names.find((name) => name !== 'loss') ?? names[0];
}
