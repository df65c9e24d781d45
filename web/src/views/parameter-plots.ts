import { formatValue } from '../../../src/client/format';
import type { Search, SearchParameter, Trial } from '../../../src/client/index';
import { contourOption } from '../charts/contour';
import { Chart } from '../charts/echarts';
import { edfOption } from '../charts/edf';
import { scoredTrials } from '../charts/history';
import { varyingInSpace } from '../charts/parameter-axis';
import { sliceOption } from '../charts/slice';
import { h } from '../dom';
import { searchStateText } from '../search-state';
import { keyValueTable } from './widgets';


const picker = (id: string, label: string) => h('select', { id, 'aria-label': label });
const chartBox = (id: string) => h('div', { class: 'chart', id });
const card = (title: Node | string, ...content: Node[]) => h('section', { class: 'card' }, h('h2', {}, title), ...content);

/** Lists the names in a picker, keeping its choice while it is still among them, else choosing `fallback`. */
function offer(select: HTMLSelectElement, names: readonly string[], fallback: string | undefined): void {
  const kept = names.includes(select.value) ? select.value : fallback;
  if ([...select.options].map((o) => o.value).join('\n') !== names.join('\n')) select.replaceChildren(...names.map((name) => h('option', { value: name }, name)));
  if (kept !== undefined) select.value = kept;
}

/** Values every trial gets: the spec's fixed ones, and parameters of the space with a single value. */
const fixedEntries = (search: Search): [string, string][] => [
  ...search.fixed.map(({ name, value }): [string, string] => [name, formatValue(value)]),
  ...search.parameters.filter((p) => p.values?.length === 1).map((p): [string, string] => [p.name, formatValue(p.values![0])]),
];

/** The slice, contour and EDF plots of a search, with their parameter pickers, and its fixed values. */
export class ParameterPlots {
  readonly element: HTMLElement;
  private readonly slicePicker = picker('slice-param', 'parameter of the slice plot');
  private readonly contourX = picker('contour-x', 'x parameter of the contour plot');
  private readonly contourY = picker('contour-y', 'y parameter of the contour plot');
  private readonly fixed = h('div', { id: 'fixed-params' });
  private readonly sampleHint = h('p', { class: 'hint', id: 'edf-sample-hint' });
  private readonly boxes = { slice: chartBox('chart-slice'), contour: chartBox('chart-contour'), edf: chartBox('chart-edf') };
  private readonly slice = new Chart(this.boxes.slice);
  private readonly contour = new Chart(this.boxes.contour);
  private readonly edf = new Chart(this.boxes.edf);
  private shown: { search: Search; trials: readonly Trial[] } | undefined;

  constructor() {
    this.element = h(
      'div',
      {},
      h('div', { class: 'grid-2' }, card(h('span', {}, 'Slice ', this.slicePicker), this.boxes.slice), card(h('span', {}, 'Contour ', this.contourX, ' × ', this.contourY), this.boxes.contour)),
      h('div', { class: 'grid-2' }, card('Empirical distribution of the objective', this.boxes.edf, this.sampleHint), card('Fixed values', this.fixed)),
    );
    for (const select of [this.slicePicker, this.contourX, this.contourY]) select.addEventListener('change', () => this.plot());
  }

  /** `caption`: what the plots say of the trials they draw (a sample of a large search's), if anything. */
  update(search: Search, trials: readonly Trial[], caption: string): void {
    this.shown = { search, trials };
    this.sampleHint.textContent = caption;
    const names = varyingInSpace(search.parameters).map((p) => p.name);
    offer(this.slicePicker, names, names[0]);
    offer(this.contourX, names, names[0]);
    offer(this.contourY, names, names.find((name) => name !== this.contourX.value));
    const entries = fixedEntries(search);
    this.fixed.replaceChildren(entries.length > 0 ? keyValueTable(entries) : h('p', { class: 'muted' }, 'none: every parameter is searched'));
    this.plot();
  }

  private plot(): void {
    if (!this.shown) return;
    const { search, trials } = this.shown;
    if (scoredTrials(trials).length === 0) {
      for (const chart of [this.slice, this.contour, this.edf]) chart.showMessage(searchStateText(search).noSucceededTrial);
      return;
    }
    const { metric, goal } = search.objective;
    const parameter = (name: string): SearchParameter | undefined => search.parameters.find((p) => p.name === name);
    const sliced = parameter(this.slicePicker.value);
    if (sliced) this.slice.show(sliceOption(trials, sliced, metric));
    else this.slice.showMessage('no parameter varies');
    const [x, y] = [parameter(this.contourX.value), parameter(this.contourY.value)];
    if (x && y && x !== y) this.contour.show(contourOption(trials, x, y, metric, goal));
    else this.contour.showMessage('pick two different parameters');
    this.edf.show(edfOption(trials, metric));
  }

  dispose(): void {
    for (const chart of [this.slice, this.contour, this.edf]) chart.dispose();
  }
}
