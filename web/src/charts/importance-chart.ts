import { formatShare } from '../../../src/client/format';
import type { ParameterImportance } from '../../../src/client/index';
import type { ChartOption } from './echarts';

type Share = ParameterImportance['parameters'][number];

/** Horizontal bars labelled with the share ± its standard deviation across the trees, most important parameter on top. */
export function importanceOption(parameters: readonly Share[]): ChartOption {
  const rows = [...parameters].sort((a, b) => a.share - b.share);
  const label = (index: number) => formatShare(rows[index]!.share, rows[index]!.shareStd);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items) => {
        const index = (Array.isArray(items) ? items[0]! : items).dataIndex;
        return `${rows[index]!.name}: ${label(index)} of the main-effect variance`;
      },
    },
    grid: { left: 8, right: 96, top: 12, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', min: 0, splitNumber: 4, max: (range) => Math.min(1, Math.max(0.1, Math.ceil(range.max * 10) / 10)), axisLabel: { formatter: (v: number) => `${Math.round(100 * v)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{ type: 'bar', barMaxWidth: 22, data: rows.map((r) => r.share), label: { show: true, position: 'right', formatter: ({ dataIndex }) => label(dataIndex) } }],
  };
}
