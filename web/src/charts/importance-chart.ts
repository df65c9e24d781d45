import type { Importance } from '../importance';
import type { ChartOption } from './echarts';

/** Horizontal bars, most important parameter on top. */
export function importanceOption(importances: readonly Importance[]): ChartOption {
  const rows = [...importances].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${(100 * Number(v)).toFixed(1)}% of variance` },
    grid: { left: 8, right: 48, top: 12, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', min: 0, max: (range) => Math.max(0.1, Math.ceil(range.max * 10) / 10), axisLabel: { formatter: (v: number) => `${Math.round(100 * v)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{ type: 'bar', barMaxWidth: 22, data: rows.map((r) => r.importance), label: { show: true, position: 'right', formatter: ({ value }) => `${(100 * Number(value)).toFixed(0)}%` } }],
  };
}
