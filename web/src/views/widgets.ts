import { ApiProblem, ServerUnreachable, type Problem, type Search } from '../../../src/client/index';
import { formatPercent } from '../../../src/client/format';
import { isSettledSearch } from '../../../src/status';
import { askForApiKey } from '../api';
import { h } from '../dom';

export const statusBadge = (status: string) => h('span', { class: `badge status-${status}` }, status);

/** The share of the budget finished; greyed once the search stands still short of it. */
export function progressBar({ progress, status }: Pick<Search, 'progress' | 'status'>): HTMLElement {
  const fill = h('div', { class: 'progress-fill', style: `width: ${Math.min(100, progress.percent)}%` });
  const stopped = isSettledSearch(status) && progress.finished < progress.maxTrials;
  return h('div', { class: stopped ? 'progress stopped' : 'progress', title: formatPercent(progress.percent) }, fill);
}

/** Where a field error is: the line and column of a body that did not parse, else the field. */
const errorPlace = (error: NonNullable<Problem['errors']>[number]) => (error.line !== undefined ? `line ${error.line}, column ${error.column ?? 1}` : error.field);

/** What went wrong, for a message box: a problem's title and field errors, or why the server could not be reached. */
export function problemView(error: unknown): HTMLElement {
  if (error instanceof ApiProblem) {
    const { problem } = error;
    const fields = problem.errors?.length
      ? h('ul', { class: 'problem-errors' }, ...problem.errors.map((e) => h('li', {}, h('code', {}, errorPlace(e)), `: ${e.message}`)))
      : h('p', {}, problem.detail);
    const keyButton = error.status === 401 && h('button', { class: 'button', onclick: askForApiKey }, 'Enter API key');
    return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, `${problem.title} (HTTP ${error.status})`), fields, keyButton);
  }
  const message = error instanceof ServerUnreachable ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, message));
}

/** A table of name → value rows, scrolling sideways in its box when it is wider. */
export function keyValueTable(entries: [string, Node | string][]): HTMLElement {
  return h('div', { class: 'scroll-x' }, h('table', { class: 'kv' }, h('tbody', {}, ...entries.map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, value))))));
}

/** The API knows no such search or trial: it is gone for good, so a page about it stops asking. */
export const isNotFound = (error: unknown) => error instanceof ApiProblem && error.status === 404;

/** In place of a page whose subject does not exist: the problem, and the way back. */
export const notFoundView = (title: string, error: unknown) =>
  h('section', { class: 'card', id: 'not-found' }, h('h1', {}, title), problemView(error), h('p', {}, h('a', { href: '#/' }, 'See the searches'), '.'));

export const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '-');

/** A search's or trial's tags as `key: value` chips, in key order. */
export const tagChips = (tags: Record<string, string>) =>
  h('span', { class: 'tags' }, ...Object.keys(tags).sort().map((key) => h('span', { class: 'tag', 'data-tag': key, 'data-value': tags[key]! }, `${key}: ${tags[key]}`)));

const NOTES_PREVIEW = 120;

/** The first line of a search's notes, shortened for a list. */
export const notesPreview = (notes: string) => {
  const line = notes.split('\n', 1)[0]!;
  return line.length > NOTES_PREVIEW || notes.includes('\n') ? `${line.slice(0, NOTES_PREVIEW)}…` : line;
};
