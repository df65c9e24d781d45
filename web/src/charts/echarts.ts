import { BarChart, CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, ParallelComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from './chart-option';
import { palette } from './palette';

export type { ChartOption } from './chart-option';

use([BarChart, CustomChart, LineChart, ParallelChart, ScatterChart, GridComponent, LegendComponent, ParallelComponent, TitleComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);


/** The page's font, named in full: ECharts measures label widths with it. */
const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif";

/** A chart in `element` (SVG, so it stays sharp and its paths can be inspected), resized with it. */
export class Chart {
  private readonly chart: ECharts;
  private readonly resizer: ResizeObserver;

  constructor(readonly element: HTMLElement) {
    this.chart = init(element, null, { renderer: 'svg' });
    this.resizer = new ResizeObserver(() => this.chart.resize());
    this.resizer.observe(element);
  }

  show(option: ChartOption): void {
    this.chart.setOption({ animation: false, color: palette, textStyle: { fontFamily }, ...option }, { notMerge: true });
  }

  /** A message in place of the plot, e.g. while there is no data yet. */
  showMessage(text: string): void {
    this.show({ title: { text, left: 'center', top: 'middle', textStyle: { color: '#8a94a6', fontSize: 13, fontWeight: 'normal' } } });
  }

  /** Calls `open` with the trial of a clicked point or line: the one its data item names as `id`. */
  onTrialClick(open: (trialId: string) => void): void {
    this.chart.on('click', ({ data }) => {
      const id = (data as { id?: unknown } | null | undefined)?.id;
      if (typeof id === 'string') open(id);
    });
  }

  dispose(): void {
    this.resizer.disconnect();
    this.chart.dispose();
  }
}
