import { objectiveText } from '../../../src/client/format';
import { unwrap, type Search } from '../../../src/client/index';
import { api } from '../api';
import { h } from '../dom';
import { poll } from '../poll';
import { formatTime, notesPreview, problemView, progressBar, statusBadge, tagChips } from './widgets';

const REFRESH_MS = 3000;
const PAGE_SIZE = 50;
/** Searches one comparison takes (GET /v1/compare). */
const COMPARED = { min: 2, max: 10 };

function searchRow(search: Search, selected: boolean): HTMLElement {
  const { progress, best, objective } = search;
  return h(
    'tr',
    { 'data-search': search.id },
    h('td', {}, h('input', { type: 'checkbox', class: 'compare-pick', checked: selected, 'aria-label': `compare ${search.name}` })),
    h(
      'td',
      {},
      h('a', { href: `#/searches/${search.id}` }, search.name),
      Object.keys(search.tags).length > 0 && tagChips(search.tags),
      search.notes !== '' && h('div', { class: 'muted notes-preview' }, notesPreview(search.notes)),
    ),
    h('td', {}, statusBadge(search.status)),
    h('td', { class: 'progress-cell' }, progressBar(search), h('span', { class: 'muted' }, `${progress.finished}/${progress.maxTrials}`)),
    h('td', {}, best ? `${objectiveText(best)} ${objective.metric}` : '-'),
    h('td', {}, `${search.algorithm} · ${search.trainer}`),
    h('td', { class: 'muted' }, formatTime(search.createdAt)),
  );
}

/** The `key:value` filters typed in the tag filter, separated by spaces. */
const tagFiltersOf = (text: string) => text.split(/\s+/).filter((word) => word !== '');

/** The newest searches with their status and progress, refreshed every few seconds; a tag filter keeps those with every tag given; ticked ones open side by side. */
export function searchListView(root: HTMLElement): () => void {
  const body = h('tbody');
  const notice = h('div');
  const tagFilter = h('input', { id: 'tag-filter', type: 'search', placeholder: 'filter by tags: key:value …', 'aria-label': 'filter by tags' });
  const compareButton = h('button', { id: 'compare-selected', class: 'button', disabled: true, title: `tick ${COMPARED.min} to ${COMPARED.max} searches with the same objective` }, 'Compare');
  /** Ticked searches, in the order ticked. */
  const selected = new Set<string>();
  const updateCompareButton = () => {
    compareButton.disabled = selected.size < COMPARED.min || selected.size > COMPARED.max;
    compareButton.textContent = selected.size > 0 ? `Compare (${selected.size})` : 'Compare';
  };
  root.append(
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, 'Searches'), tagFilter, compareButton, h('a', { class: 'button primary', href: '#/new' }, 'New search')),
      notice,
      h(
        'div',
        { class: 'scroll-x' },
        h('table', { class: 'table', id: 'search-list' }, h('thead', {}, h('tr', {}, ...['', 'Name', 'Status', 'Progress', 'Best', 'Algorithm', 'Created'].map((t) => h('th', {}, t)))), body),
      ),
    ),
  );
  // a click on a tag filters by it
  body.addEventListener('click', (event) => {
    const chip = (event.target as HTMLElement).closest<HTMLElement>('.tag[data-tag]');
    if (!chip) return;
    const filter = `${chip.dataset.tag}:${chip.dataset.value}`;
    if (!tagFiltersOf(tagFilter.value).includes(filter)) tagFilter.value = [...tagFiltersOf(tagFilter.value), filter].join(' ');
    poller.kick();
  });
  body.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    const id = box.closest<HTMLElement>('tr[data-search]')?.dataset.search;
    if (!box.classList.contains('compare-pick') || id === undefined) return;
    if (box.checked) selected.add(id);
    else selected.delete(id);
    updateCompareButton();
  });
  compareButton.addEventListener('click', () => (location.hash = `#/compare?searches=${[...selected].join(',')}`));
  tagFilter.addEventListener('change', () => poller.kick());
  const poller = poll(async () => {
    const tag = tagFiltersOf(tagFilter.value);
    try {
      const page = unwrap(await api.GET('/v1/searches', { params: { query: { limit: PAGE_SIZE, ...(tag.length > 0 ? { tag } : {}) } } }));
      body.replaceChildren(...page.items.map((search) => searchRow(search, selected.has(search.id))));
      notice.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, tag.length > 0 ? 'No search has every tag of the filter.' : 'No searches yet: start one from the spec editor.') : '');
    } catch (error) {
      notice.replaceChildren(problemView(error));
    }
    return true;
  }, REFRESH_MS);
  return poller.stop;
}
