import type { CustomSeriesRenderItem } from 'echarts';
import type { SearchParameter, Trial } from '../../../src/client/index';
import { gridAxis, interpolateGrid } from './contour-grid';
import type { ChartOption } from './echarts';
import { scoredTrials, type Goal } from './history';
import { objectiveColours } from './objective-colours';
import { axisValue, parameterAxis } from './parameter-axis';
import { tooltipLines } from './tooltip';

/** A grid cell as a rectangle between its corners, filled with the visual map's colour for its value. */
const cellRect: CustomSeriesRenderItem = (_params, api) => {
  const [x0, x1, y0, y1] = [0, 1, 2, 3].map((dim) => Number(api.value(dim)));
  const [left, bottom] = api.coord([x0, y0]);
  const [right, top] = api.coord([x1, y1]);
  return {
    type: 'rect',
    shape: { x: Math.min(left!, right!), y: Math.min(top!, bottom!), width: Math.abs(right! - left!), height: Math.abs(bottom! - top!) },
    style: { fill: api.visual('color') as string },
  };
};

/**
 * The objective over two parameters: interpolated between the succeeded trials on a grid (cells far from every
 * trial left blank), with the trials themselves on top.
 */
export function contourOption(trials: readonly Trial[], x: SearchParameter, y: SearchParameter, metric: string, goal: Goal): ChartOption {
  const gridX = gridAxis(x);
  const gridY = gridAxis(y);
  const placed = scoredTrials(trials).flatMap((trial) => {
    const u = gridX.unit(trial.params[x.name]);
    const v = gridY.unit(trial.params[y.name]);
    return u === undefined || v === undefined ? [] : [{ trial, u, v }];
  });
  const cells = interpolateGrid(gridX, gridY, placed.map(({ u, v, trial }) => ({ u, v, value: trial.objective })));
  const objectives = placed.map((p) => p.trial.objective);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (item) => {
        const { trial } = placed[(item as { dataIndex: number }).dataIndex]!;
        return tooltipLines([['trial #', trial.ordinal], [x.name, trial.params[x.name]], [y.name, trial.params[y.name]], [metric, trial.objective]]);
      },
    },
    grid: { left: 72, right: 110, top: 20, bottom: 56 },
    xAxis: { ...parameterAxis(x), name: x.name, nameLocation: 'middle', nameGap: 32 },
    yAxis: { ...parameterAxis(y), name: y.name, nameLocation: 'middle', nameGap: 56 },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      dimension: 4,
      min: Math.min(...objectives),
      max: Math.max(...objectives),
      precision: 4,
      text: [metric, ''],
      right: 8,
      top: 'middle',
      itemHeight: 120,
      inRange: { color: objectiveColours(goal) },
    },
    series: [
      { type: 'custom', renderItem: cellRect, clip: true, silent: true, encode: { x: [0, 1], y: [2, 3] }, data: cells.map((c) => [c.x0, c.x1, c.y0, c.y1, c.value]) },
      {
        type: 'scatter',
        symbolSize: 7,
        itemStyle: { color: '#1f2937', borderColor: '#ffffff', borderWidth: 1 },
        data: placed.map(({ trial }) => [axisValue(x, trial.params[x.name]), axisValue(y, trial.params[y.name])]),
      },
    ],
  };
}
