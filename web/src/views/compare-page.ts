import { formatValue } from '../../../src/client/format';
import { ApiProblem, unwrap, type Comparison } from '../../../src/client/index';
import { isSettledSearch } from '../../../src/status';
import { api } from '../api';
import { compareOption, comparedNames } from '../charts/compare-chart';
import { Chart } from '../charts/echarts';
import { h } from '../dom';
import { poll } from '../poll';
import { problemView, statusBadge } from './widgets';

const REFRESH_MS = 2000;

function comparedRow(compared: Comparison['searches'][number], name: string): HTMLElement {
  const { search, completed } = compared;
  return h(
    'tr',
    { 'data-search': search.id },
    h('td', {}, h('a', { href: `#/searches/${search.id}` }, name)),
    h('td', {}, statusBadge(search.status)),
    h('td', {}, search.algorithm),
    h('td', {}, `${completed} / ${search.progress.maxTrials}`),
    h('td', { class: 'best-cell' }, search.best ? formatValue(search.best.objective) : '-'),
  );
}

/** Searches with one objective side by side (`GET /v1/compare`): best so far by trial, and a row each; refreshed while any runs. */
export function comparePageView(root: HTMLElement, ids: string): () => void {
  const notice = h('div', { id: 'notice' });
  const objective = h('p', { class: 'muted', id: 'compare-objective' });
  const chartBox = h('div', { class: 'chart', id: 'chart-compare' });
  const body = h('tbody');
  root.append(
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Compare searches'), objective)),
    notice,
    h('section', { class: 'card' }, h('h2', {}, 'Best so far'), chartBox),
    h(
      'section',
      { class: 'card' },
      h('table', { class: 'table', id: 'compare-table' }, h('thead', {}, h('tr', {}, ...['Search', 'Status', 'Algorithm', 'Trials', 'Best'].map((t) => h('th', {}, t)))), body),
    ),
  );
  document.title = 'compare · hpsearch';
  const chart = new Chart(chartBox);
  const poller = poll(async () => {
    try {
      const comparison = unwrap(await api.GET('/v1/compare', { params: { query: { searches: ids } } }));
      objective.textContent = `${comparison.objective.goal} ${comparison.objective.metric}`;
      chart.show(compareOption(comparison));
      const names = comparedNames(comparison.searches);
      body.replaceChildren(...comparison.searches.map((compared, index) => comparedRow(compared, names[index]!)));
      notice.replaceChildren();
      return comparison.searches.some(({ search }) => !isSettledSearch(search.status));
    } catch (error) {
      notice.replaceChildren(problemView(error));
      chart.showMessage('nothing to compare');
      // a refusal stays one; an unreachable server may come back
      return !(error instanceof ApiProblem);
    }
  }, REFRESH_MS);
  return () => {
    poller.stop();
    chart.dispose();
  };
}
