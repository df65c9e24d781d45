import type { SearchParameter, Trial } from '../../../src/client/index';
import type { ChartOption } from './echarts';
import { scoredTrials } from './history';
import { axisValue, parameterAxis } from './parameter-axis';
import { tooltipLines } from './tooltip';

const earlyToLate = ['#c6dbef', '#6baed6', '#08306b'];

/** The objective of every succeeded trial against one parameter's value, coloured by trial number. */
export function sliceOption(trials: readonly Trial[], parameter: SearchParameter, metric: string): ChartOption {
  const scored = scoredTrials(trials).filter((t) => Object.hasOwn(t.params, parameter.name));
  const ordinals = scored.map((t) => t.ordinal);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (item) => {
        const trial = scored[(item as { dataIndex: number }).dataIndex]!;
        return tooltipLines([['trial #', trial.ordinal], [parameter.name, trial.params[parameter.name]], [metric, trial.objective]]);
      },
    },
    grid: { left: 64, right: 96, top: 20, bottom: 56 },
    xAxis: { ...parameterAxis(parameter), name: parameter.name, nameLocation: 'middle', nameGap: 32 },
    yAxis: { type: 'value', name: metric, scale: true },
    visualMap: { type: 'continuous', dimension: 2, min: Math.min(...ordinals), max: Math.max(...ordinals), precision: 0, text: ['trial #', ''], right: 8, top: 'middle', itemHeight: 120, inRange: { color: earlyToLate } },
    series: [{ type: 'scatter', symbolSize: 9, data: scored.map((t) => [axisValue(parameter, t.params[parameter.name]), t.objective, t.ordinal]) }],
  };
}
