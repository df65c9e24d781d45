import type { TrialDetail } from '../../../src/client/index';
import type { ChartOption } from './echarts';

/** One metric of the curves of several trials against the training step. */
export function curvesOption(trials: readonly TrialDetail[], metric: string, logScale = false): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 64, right: 20, top: 36, bottom: 44 },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: logScale ? 'log' : 'value', name: metric, scale: true },
    series: trials.map((trial) => ({
      name: `#${trial.ordinal}`,
      type: 'line',
      showSymbol: trial.curve.length < 30,
      data: trial.curve.flatMap((point) => {
        const value = point.values[metric];
        return typeof value === 'number' && (!logScale || value > 0) ? [[point.step, value]] : [];
      }),
    })),
  };
}

/** Whether any trial reported `metric` on its curve. */
export const hasMetric = (trials: readonly TrialDetail[], metric: string) => trials.some((t) => t.curve.some((p) => typeof p.values[metric] === 'number'));
