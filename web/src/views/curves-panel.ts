import { unwrap, type Trial, type TrialDetail } from '../../../src/client/index';
import { isOpenTrial } from '../../../src/status';
import { api } from '../api';
import { curveMetricNames, curvesOption, defaultCurveMetric, hasMetric } from '../charts/curves';
import { Chart } from '../charts/echarts';
import { MAX_SMOOTHING } from '../charts/smoothing';
import { h } from '../dom';

/** Where the curves go: the smoothing slider above, the training loss on the left, the metric picked beside it on the right. */
export interface CurvesLayout {
  element: HTMLElement;
  loss: HTMLElement;
  metric: HTMLElement;
  picker: HTMLSelectElement;
  smoothing: HTMLInputElement;
  smoothingValue: HTMLOutputElement;
}

export function curvesLayout(): CurvesLayout {
  const loss = h('div', { class: 'chart', id: 'chart-loss' });
  const metric = h('div', { class: 'chart', id: 'chart-metric' });
  const picker = h('select', { id: 'curve-metric', 'aria-label': 'metric to plot' });
  const smoothing = h('input', { id: 'curve-smoothing', type: 'range', min: 0, max: MAX_SMOOTHING, step: 0.01, value: 0, 'aria-label': 'smoothing' });
  const smoothingValue = h('output', { id: 'curve-smoothing-value', for: 'curve-smoothing' }, '0');
  const element = h(
    'div',
    {},
    h('label', { class: 'curve-smoothing' }, 'Smoothing ', smoothing, ' ', smoothingValue),
    h('div', { class: 'grid-2' }, h('div', {}, h('h3', {}, 'Loss'), loss), h('div', {}, h('h3', {}, 'Metric ', picker), metric)),
  );
  return { element, loss, metric, picker, smoothing, smoothingValue };
}

/** Curves of some trials, overlaid and smoothed as the slider says: loss, and any metric they reported; finished trials' curves are fetched once. */
export class CurvesPanel {
  private readonly loss: Chart;
  private readonly metric: Chart;
  private readonly picker: HTMLSelectElement;
  private readonly smoothing: HTMLInputElement;
  private readonly finished = new Map<string, TrialDetail>();
  private shown: readonly TrialDetail[] = [];
  /** The metric the user picked; until then, and while the curves lack it, the default. */
  private picked: string | undefined;

  constructor(layout: CurvesLayout) {
    this.loss = new Chart(layout.loss);
    this.metric = new Chart(layout.metric);
    this.picker = layout.picker;
    this.picker.addEventListener('change', () => {
      this.picked = this.picker.value;
      this.plot(this.shown);
    });
    this.smoothing = layout.smoothing;
    this.smoothing.addEventListener('input', () => {
      layout.smoothingValue.textContent = this.smoothing.value;
      this.plot(this.shown);
    });
  }

  async show(trials: readonly Trial[]): Promise<void> {
    const details = await Promise.all(trials.map((trial) => this.detail(trial)));
    this.plot(details);
  }

  plot(details: readonly TrialDetail[]): void {
    this.shown = details;
    const metric = this.offerMetrics(curveMetricNames(details));
    if (details.length === 0) {
      this.loss.showMessage('tick trials in the table to plot their curves');
      this.metric.showMessage('tick trials in the table to plot their curves');
      return;
    }
    const smoothing = this.smoothing.valueAsNumber;
    if (hasMetric(details, 'loss')) this.loss.show(curvesOption(details, 'loss', smoothing));
    else this.loss.showMessage('no loss reported yet');
    if (metric !== undefined) this.metric.show(curvesOption(details, metric, smoothing));
    else this.metric.showMessage('no metric reported yet');
  }

  /** Lists `names` in the picker and selects the metric to plot: the one picked while the curves have it, else the default. */
  private offerMetrics(names: readonly string[]): string | undefined {
    if ([...this.picker.options].map((option) => option.value).join('\n') !== names.join('\n'))
      this.picker.replaceChildren(...names.map((name) => h('option', { value: name }, name)));
    const metric = this.picked !== undefined && names.includes(this.picked) ? this.picked : defaultCurveMetric(names);
    this.picker.value = metric ?? '';
    return metric;
  }

  private async detail(trial: Trial): Promise<TrialDetail> {
    const known = this.finished.get(trial.id);
    if (known) return known;
    const detail = unwrap(await api.GET('/v1/trials/{id}', { params: { path: { id: trial.id } } }));
    if (!isOpenTrial(detail.status)) this.finished.set(detail.id, detail);
    return detail;
  }

  dispose(): void {
    this.loss.dispose();
    this.metric.dispose();
  }
}
