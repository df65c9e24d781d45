import { ApiProblem, ServerUnreachable, type Search } from '../../../src/client/index';
import { formatPercent } from '../../../src/client/format';
import { askForApiKey } from '../api';
import { h } from '../dom';

export const statusBadge = (status: string) => h('span', { class: `badge status-${status}` }, status);

export function progressBar(progress: Search['progress']): HTMLElement {
  const fill = h('div', { class: 'progress-fill', style: `width: ${Math.min(100, progress.percent)}%` });
  return h('div', { class: 'progress', title: formatPercent(progress.percent) }, fill);
}

/** One line on the progress of a search: "12 / 20 trials · 60% · running 4 · failed 0". */
export function progressSummary(progress: Search['progress']): string {
  const parts = [`${progress.finished} / ${progress.maxTrials} trials`, formatPercent(progress.percent), `running ${progress.running}`, `queued ${progress.queued}`, `failed ${progress.failed}`];
  if (progress.diverged > 0) parts.push(`diverged ${progress.diverged}`);
  if (progress.cancelled > 0) parts.push(`cancelled ${progress.cancelled}`);
  return parts.join(' · ');
}

/** What went wrong, for a message box: a problem's title and field errors, or why the server could not be reached. */
export function problemView(error: unknown): HTMLElement {
  if (error instanceof ApiProblem) {
    const { problem } = error;
    const fields = problem.errors?.length
      ? h('ul', { class: 'problem-errors' }, ...problem.errors.map((e) => h('li', {}, h('code', {}, e.field), `: ${e.message}`)))
      : h('p', {}, problem.detail);
    const keyButton = error.status === 401 && h('button', { class: 'button', onclick: askForApiKey }, 'Enter API key');
    return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, `${problem.title} (HTTP ${error.status})`), fields, keyButton);
  }
  const message = error instanceof ServerUnreachable ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, message));
}

/** A table of name → value rows. */
export function keyValueTable(entries: [string, Node | string][]): HTMLTableElement {
  return h('table', { class: 'kv' }, h('tbody', {}, ...entries.map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, value)))));
}

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
