import { trialCount, trialStatuses } from '../../../src/status';
import { formatCount, formatValue } from '../../../src/client/format';
import { unwrap, type ApiClient, type Search, type Trial, type TrialStatus } from '../../../src/client/index';
import { h } from '../dom';
import { statusBadge } from './widgets';

const PAGE_SIZE = 50;

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

/** The columns the API sorts every trial by; the others sort the page shown. */
const pagedSorts = ['ordinal', 'objective'] as const;
type PagedSort = (typeof pagedSorts)[number];
const isPagedSort = (key: string): key is PagedSort => (pagedSorts as readonly string[]).includes(key);

/** Empty values sort last either way. */
function compare(a: Cell, b: Cell, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
  return descending ? -order : order;
}

/**
 * The trials of a search, a page at a time from the API (keyset cursors, next and previous): sorted by trial
 * number or objective over every trial, by another heading within the page; filtered by status over every
 * trial, by text within the page; tick trials to plot their curves.
 */
export class TrialsTable {
  readonly element: HTMLElement;
  private trials: readonly Trial[] = [];
  private parameters: readonly string[] = [];
  private search: Search | undefined;
  private paged: { key: PagedSort; descending: boolean } = { key: 'ordinal', descending: false };
  /** A heading sorting the page shown, if one was clicked since the paged order last changed. */
  private pageSort: { key: string; descending: boolean } | undefined;
  /** The cursor of each page read so far up to the one shown (the first page has none), and of the one after it. */
  private cursors: (string | undefined)[] = [undefined];
  private nextCursor: string | null = null;
  /** Counts the reads started: an answer to one that a later read overtook is dropped. */
  private reads = 0;
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private readonly count = h('span', { class: 'muted', id: 'trials-count' });
  private readonly previous = h('button', { id: 'trials-previous', class: 'button', disabled: true }, '‹ Previous');
  private readonly next = h('button', { id: 'trials-next', class: 'button', disabled: true }, 'Next ›');
  private readonly statusFilter = h('select', { id: 'trial-status-filter', 'aria-label': 'status' }, h('option', { value: '' }, 'all statuses'));
  private readonly textFilter = h('input', { id: 'trial-text-filter', type: 'search', placeholder: 'filter this page, e.g. cosine or learning_rate=0.0003' });

  constructor(
    private readonly client: ApiClient,
    private readonly selection: TrialSelection,
    private readonly onProblem: (error: unknown) => void,
  ) {
    for (const status of trialStatuses) this.statusFilter.append(h('option', { value: status }, status));
    this.statusFilter.addEventListener('change', () => this.restart());
    this.textFilter.addEventListener('input', () => this.render());
    this.previous.addEventListener('click', () => this.turn(-1));
    this.next.addEventListener('click', () => this.turn(1));
    this.element = h(
      'div',
      {},
      h('div', { class: 'toolbar' }, this.statusFilter, this.textFilter, this.previous, this.next, this.count),
      h('div', { class: 'table-scroll' }, h('table', { class: 'table trials', id: 'trials-table' }, this.head, this.body)),
    );
  }

  /** Reads the page shown again, as the search's trials changed. */
  async update(search: Search, parameters: readonly string[]): Promise<void> {
    this.search = search;
    this.parameters = parameters;
    await this.load();
  }

  private async load(): Promise<void> {
    if (!this.search) return;
    const read = ++this.reads;
    const status = this.statusFilter.value as TrialStatus | '';
    const cursor = this.cursors.at(-1);
    const query = { sort: this.paged.key, order: this.paged.descending ? ('desc' as const) : ('asc' as const), limit: PAGE_SIZE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) };
    const page = unwrap(await this.client.GET('/v1/searches/{id}/trials', { params: { path: { id: this.search.id }, query } }));
    if (read !== this.reads) return;
    this.trials = page.items;
    this.nextCursor = page.nextCursor;
    this.render();
  }

  private reload(): void {
    void this.load().catch(this.onProblem);
  }

  private restart(): void {
    this.cursors = [undefined];
    this.reload();
  }

  private turn(pages: 1 | -1): void {
    if (pages === 1 && this.nextCursor) this.cursors.push(this.nextCursor);
    else if (pages === -1 && this.cursors.length > 1) this.cursors.pop();
    else return;
    this.reload();
  }

  private valueOf(trial: Trial, key: string): Cell {
    const fixed = fixedColumns[key];
    if (fixed) return fixed.value(trial);
    const value = trial.params[key.slice('param:'.length)];
    return value === undefined ? null : value;
  }

  private matches(trial: Trial): boolean {
    const needle = this.textFilter.value.trim().toLowerCase();
    if (!needle) return true;
    const text = [`#${trial.ordinal}`, trial.status, ...Object.entries(trial.params).map(([k, v]) => `${k}=${formatValue(v)}`)].join(' ').toLowerCase();
    return needle.split(/\s+/).every((word) => text.includes(word));
  }

  private sortBy(key: string): void {
    const current = this.pageSort ?? this.paged;
    const descending = current.key === key ? !current.descending : key === 'objective';
    if (isPagedSort(key)) {
      this.paged = { key, descending };
      this.pageSort = undefined;
      this.restart();
    } else {
      this.pageSort = { key, descending };
      this.render();
    }
  }

  private heading(key: string, label: string): HTMLElement {
    const sorted = this.pageSort ?? this.paged;
    const arrow = sorted.key === key ? (sorted.descending ? ' ▼' : ' ▲') : '';
    return h('th', { class: 'sortable', 'data-sort': key, onclick: () => this.sortBy(key) }, label + arrow);
  }

  /** How many trials the status filter keeps, of the search's. */
  private filteredCount(): number {
    const status = this.statusFilter.value as TrialStatus | '';
    return this.search ? (status ? this.search.progress[status] : trialCount(this.search.progress)) : 0;
  }

  private render(): void {
    const keys = [...Object.keys(fixedColumns), ...this.parameters.map((p) => `param:${p}`)];
    this.head.replaceChildren(
      h('tr', {}, h('th', { title: 'plot curves' }, 'plot'), ...keys.map((key) => this.heading(key, fixedColumns[key]?.heading ?? key.slice('param:'.length))), h('th')),
    );
    const shown = this.trials.filter((t) => this.matches(t));
    const pageSort = this.pageSort;
    if (pageSort) shown.sort((a, b) => compare(this.valueOf(a, pageSort.key), this.valueOf(b, pageSort.key), pageSort.descending) || a.ordinal - b.ordinal);
    const first = (this.cursors.length - 1) * PAGE_SIZE;
    const range = this.trials.length > 0 ? `${formatCount(first + 1)}–${formatCount(first + this.trials.length)}` : 'none';
    const filtered = shown.length < this.trials.length ? ` (${shown.length} match the filter)` : '';
    this.count.textContent = `${range} of ${formatCount(this.filteredCount())} trials${filtered}`;
    this.previous.disabled = this.cursors.length === 1;
    this.next.disabled = this.nextCursor === null;
    this.body.replaceChildren(...shown.map((trial) => this.row(trial, keys)));
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
