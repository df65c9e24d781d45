import type { SearchParameter, Trial } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { scoredTrials, type Goal } from './history';
import { objectiveColours } from './objective-colours';
import { axisValue, parameterAxis } from './parameter-axis';
import { tooltipLines } from './tooltip';

/** Names alternate above and below the axes so that long ones do not overlap. */
const namePlace = (dim: number) => ({ nameLocation: dim % 2 === 0 ? ('end' as const) : ('start' as const) });

/** Below this width the colour scale lies under the axes instead of beside them. */
const NARROW_PX = 600;

/**
 * One line per succeeded trial through the parameters (in the spec's order, each axis spanning its range in the
 * space), ending at its objective, coloured by the objective; `widthPx` is the chart's.
 */
export function parallelOption(trials: readonly Trial[], parameters: readonly SearchParameter[], metric: string, goal: Goal, widthPx: number): ChartOption {
  const narrow = widthPx < NARROW_PX;
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
    parallel: {
      left: narrow ? 28 : 56,
      right: narrow ? 28 : 150,
      top: 40,
      bottom: narrow ? 84 : 40,
      parallelAxisDefault: { nameGap: 14, nameTextStyle: { fontSize: 11, width: narrow ? 90 : 170, overflow: 'truncate' } },
    },
    parallelAxis: [
      ...parameters.map((parameter, dim) => ({ dim, name: parameter.name, ...namePlace(dim), ...parameterAxis(parameter) })),
      { dim: parameters.length, name: metric, ...namePlace(parameters.length), type: 'value', scale: true },
    ],
    visualMap: {
      type: 'continuous',
      dimension: parameters.length,
      min: Math.min(...objectives),
      max: Math.max(...objectives),
      ...(narrow ? { orient: 'horizontal' as const, left: 'center', bottom: 8, itemWidth: 12, itemHeight: 160 } : { right: 12, top: 'middle', itemHeight: 140 }),
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
