import { trialStatuses } from '../../../src/status';
import { formatValue } from '../../../src/client/format';
import type { Trial } from '../../../src/client/index';
import { h } from '../dom';
import { statusBadge } from './widgets';

const MAX_ROWS = 500;

export interface TrialSelection {
  isSelected(trial: Trial): boolean;
  toggle(trial: Trial, selected: boolean): void;
}

type Cell = string | number | boolean | null;

const durationSeconds = (t: Trial) => (t.startedAt && t.finishedAt ? (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000 : null);

/** Columns besides the parameters: heading and sort value. */
const fixedColumns: Record<string, { heading: string; value: (t: Trial) => Cell }> = {
  ordinal: { heading: '#', value: (t) => t.ordinal },
  status: { heading: 'status', value: (t) => t.status },
  objective: { heading: 'objective', value: (t) => t.objective },
  duration: { heading: 'seconds', value: durationSeconds },
};

/** Empty values sort last either way. */
function compare(a: Cell, b: Cell, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
  return descending ? -order : order;
}

/** The trials of a search: click a heading to sort, filter by status or text, tick trials to plot their curves. */
export class TrialsTable {
  readonly element: HTMLElement;
  private trials: readonly Trial[] = [];
  private parameters: readonly string[] = [];
  private sortKey = 'ordinal';
  private descending = false;
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private readonly count = h('span', { class: 'muted' });
  private readonly statusFilter = h('select', { id: 'trial-status-filter', 'aria-label': 'status' }, h('option', { value: '' }, 'all statuses'));
  private readonly textFilter = h('input', { id: 'trial-text-filter', type: 'search', placeholder: 'filter, e.g. cosine or learning_rate=0.0003' });

  constructor(private readonly selection: TrialSelection) {
    for (const status of trialStatuses) this.statusFilter.append(h('option', { value: status }, status));
    this.statusFilter.addEventListener('change', () => this.render());
    this.textFilter.addEventListener('input', () => this.render());
    this.element = h(
      'div',
      {},
      h('div', { class: 'toolbar' }, this.statusFilter, this.textFilter, this.count),
      h('div', { class: 'table-scroll' }, h('table', { class: 'table trials', id: 'trials-table' }, this.head, this.body)),
    );
  }

  update(trials: readonly Trial[], parameters: readonly string[]): void {
    this.trials = trials;
    this.parameters = parameters;
    this.render();
  }

  private valueOf(trial: Trial, key: string): Cell {
    const fixed = fixedColumns[key];
    if (fixed) return fixed.value(trial);
    const value = trial.params[key.slice('param:'.length)];
    return value === undefined ? null : value;
  }

  private matches(trial: Trial): boolean {
    if (this.statusFilter.value && trial.status !== this.statusFilter.value) return false;
    const needle = this.textFilter.value.trim().toLowerCase();
    if (!needle) return true;
    const text = [`#${trial.ordinal}`, trial.status, ...Object.entries(trial.params).map(([k, v]) => `${k}=${formatValue(v)}`)].join(' ').toLowerCase();
    return needle.split(/\s+/).every((word) => text.includes(word));
  }

  private sortBy(key: string): void {
    this.descending = this.sortKey === key ? !this.descending : key === 'objective';
    this.sortKey = key;
    this.render();
  }

  private heading(key: string, label: string): HTMLElement {
    const arrow = this.sortKey === key ? (this.descending ? ' ▼' : ' ▲') : '';
    return h('th', { class: 'sortable', 'data-sort': key, onclick: () => this.sortBy(key) }, label + arrow);
  }

  private render(): void {
    const keys = [...Object.keys(fixedColumns), ...this.parameters.map((p) => `param:${p}`)];
    this.head.replaceChildren(
      h('tr', {}, h('th', { title: 'plot curves' }, 'plot'), ...keys.map((key) => this.heading(key, fixedColumns[key]?.heading ?? key.slice('param:'.length))), h('th')),
    );
    const shown = this.trials.filter((t) => this.matches(t)).sort((a, b) => compare(this.valueOf(a, this.sortKey), this.valueOf(b, this.sortKey), this.descending) || a.ordinal - b.ordinal);
    this.count.textContent = shown.length > MAX_ROWS ? `showing ${MAX_ROWS} of ${shown.length} trials` : `${shown.length} of ${this.trials.length} trials`;
    this.body.replaceChildren(...shown.slice(0, MAX_ROWS).map((trial) => this.row(trial, keys)));
  }

  private row(trial: Trial, keys: string[]): HTMLElement {
    const tick = h('input', { type: 'checkbox', checked: this.selection.isSelected(trial), 'aria-label': `plot trial ${trial.ordinal}` });
    tick.addEventListener('change', () => this.selection.toggle(trial, tick.checked));
    return h(
      'tr',
      { 'data-trial': trial.id },
      h('td', {}, tick),
      ...keys.map((key) => h('td', {}, key === 'status' ? statusBadge(trial.status) : formatValue(this.valueOf(trial, key)))),
      h('td', {}, h('a', { href: `#/trials/${trial.id}` }, 'open')),
    );
  }
}
