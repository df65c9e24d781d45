import type { Comparison } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { seriesStyle } from './palette';

type Compared = Comparison['searches'][number];

/** A name for each search in the legend: its own, with the start of its id where two share one. */
export function comparedNames(compared: readonly Compared[]): string[] {
  const names = compared.map(({ search }) => search.name);
  return compared.map(({ search }, index) => (names.indexOf(search.name) !== names.lastIndexOf(search.name) ? `${search.name} (${search.id.slice(0, 8)})` : names[index]!));
}

/** The best objective so far of each search against the trial number, from the first succeeded trial on. */
export function compareOption(comparison: Comparison): ChartOption {
  const names = comparedNames(comparison.searches);
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 64, right: 20, top: 36, bottom: 44 },
    xAxis: { type: 'value', name: 'trial #', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', name: `best ${comparison.objective.metric} (${comparison.objective.goal})`, scale: true },
    series: comparison.searches.map(({ bestSoFar }, index) => {
      const data = bestSoFar.flatMap((point) => (point.best === null ? [] : [[point.ordinal, point.best]]));
      const { color, type } = seriesStyle(index);
      return { name: names[index], type: 'line', step: 'end', color, lineStyle: { type, width: 2 }, showSymbol: data.length < 2, data };
    }),
  };
}
