import type { Trial } from '../../../src/client/index';
import { varyingParameters } from '../../../src/client/params';
import type { ChartOption } from './echarts';
import { scoredTrials, type Goal } from './history';

type ParallelAxis = NonNullable<Extract<ChartOption['parallelAxis'], unknown[]>>[number];

/**
 * Numbers on a value axis (log when they span two decades or more), anything else on a category axis;
 * names alternate above and below the axes so that long ones do not overlap.
 */
function axisFor(name: string, dim: number, values: unknown[]): ParallelAxis {
  const label = { dim, name, nameLocation: dim % 2 === 0 ? ('end' as const) : ('start' as const) };
  if (values.every((v) => typeof v === 'number')) {
    const numbers = values;
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    return { ...label, type: min > 0 && max / min >= 100 ? 'log' : 'value', scale: true };
  }
  return { ...label, type: 'category', data: [...new Set(values.map(String))].sort() };
}

/** One line per succeeded trial through its parameters, ending at its objective, coloured by the objective. */
export function parallelOption(trials: readonly Trial[], metric: string, goal: Goal): ChartOption {
  const scored = scoredTrials(trials);
  const names = varyingParameters(scored);
  const objectives = scored.map((t) => t.objective);
  const worstToBest = ['#c2416b', '#f2c94c', '#2e9e6a'];
  return {
    tooltip: { trigger: 'item' },
    parallel: { left: 56, right: 150, top: 40, bottom: 40, parallelAxisDefault: { nameGap: 14, nameTextStyle: { fontSize: 11, width: 170, overflow: 'truncate' } } },
    parallelAxis: [
      ...names.map((name, dim) => axisFor(name, dim, scored.map((t) => t.params[name]))),
      { dim: names.length, name: metric, nameLocation: names.length % 2 === 0 ? 'end' : 'start', type: 'value', scale: true },
    ],
    visualMap: {
      type: 'continuous',
      dimension: names.length,
      min: Math.min(...objectives),
      max: Math.max(...objectives),
      right: 12,
      top: 'middle',
      itemHeight: 140,
      precision: 4,
      calculable: true,
      inRange: { color: goal === 'maximize' ? worstToBest : [...worstToBest].reverse() },
    },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1.5, opacity: 0.55 },
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: scored.map((t) => [...names.map((name) => (typeof t.params[name] === 'number' ? t.params[name] : String(t.params[name]))), t.objective]),
      },
    ],
  };
}
