import type { SearchParameter, Trial } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { scoredTrials, type Goal } from './history';
import { objectiveColours } from './objective-colours';
import { axisValue, parameterAxis } from './parameter-axis';
import { tooltipLines } from './tooltip';

/** Below this width the key (colour scale or legend) lies under the axes instead of beside them. */
const NARROW_PX = 600;

/** The `dim`th axis of a parallel-coordinates chart; names alternate above and below the axes so that long ones do not overlap. */
export const parallelAxis = (dim: number, name: string) => ({ dim, name, nameLocation: dim % 2 === 0 ? ('end' as const) : ('start' as const) });

/** The axes' grid of a parallel-coordinates chart `widthPx` wide, and where its key goes: beside the axes, or under them when narrow. */
export function parallelFrame(widthPx: number) {
  const narrow = widthPx < NARROW_PX;
  return {
    narrow,
    parallel: {
      left: narrow ? 28 : 56,
      right: narrow ? 28 : 150,
      top: 40,
      bottom: narrow ? 84 : 40,
      parallelAxisDefault: { nameGap: 14, nameTextStyle: { fontSize: 11, width: narrow ? 90 : 170, overflow: 'truncate' as const } },
    },
    key: narrow ? { orient: 'horizontal' as const, left: 'center', bottom: 8 } : { orient: 'vertical' as const, right: 12, top: 'middle' },
  };
}

/**
 * One line per succeeded trial through the parameters (in the spec's order, each axis spanning its range in the
 * space), ending at its objective, coloured by the objective; `widthPx` is the chart's.
 */
export function parallelOption(trials: readonly Trial[], parameters: readonly SearchParameter[], metric: string, goal: Goal, widthPx: number): ChartOption {
  const { narrow, parallel, key } = parallelFrame(widthPx);
  const scored = scoredTrials(trials);
  const objectives = scored.map((t) => t.objective);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (item) => {
        const trial = scored[(item as { dataIndex: number }).dataIndex]!;
        return tooltipLines([['trial #', trial.ordinal], ...parameters.map((p): [string, unknown] => [p.name, trial.params[p.name]]), [metric, trial.objective]]);
      },
    },
    parallel,
    parallelAxis: [
      ...parameters.map((parameter, dim) => ({ ...parallelAxis(dim, parameter.name), ...parameterAxis(parameter) })),
      { ...parallelAxis(parameters.length, metric), type: 'value', scale: true },
    ],
    visualMap: {
      type: 'continuous',
      dimension: parameters.length,
      min: Math.min(...objectives),
      max: Math.max(...objectives),
      ...key,
      ...(narrow ? { itemWidth: 12, itemHeight: 160 } : { itemHeight: 140 }),
      precision: 4,
      calculable: true,
      inRange: { color: objectiveColours(goal) },
    },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1.5, opacity: 0.55 },
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: scored.map((t) => [...parameters.map((p) => axisValue(p, t.params[p.name])), t.objective]),
      },
    ],
  };
}
