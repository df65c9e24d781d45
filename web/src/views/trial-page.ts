import { isOpenTrial } from '../../../src/status';
import { beforeConfirmationText, formatValue, intervalText } from '../../../src/client/format';
import { getSearch, unwrap, type Search, type TrialDetail } from '../../../src/client/index';
import { api } from '../api';
import { h } from '../dom';
import { poll } from '../poll';
import { metricValues } from '../trial-values';
import { CurvesPanel, curvesLayout } from './curves-panel';
import { formatTime, isNotFound, keyValueTable, notFoundView, problemView, statusBadge } from './widgets';

const REFRESH_MS = 1000;

const card = (title: string, ...content: Node[]) => h('section', { class: 'card' }, h('h2', {}, title), ...content);

/** One trial: parameters, result and its curves (loss and any metric it reported); refreshed while it runs. */
export function trialPageView(root: HTMLElement, id: string): () => void {
  const title = h('h1', { id: 'trial-title' }, 'Trial');
  const status = h('span');
  const back = h('a', { class: 'muted' });
  // the browser opens it without the page's API key: with READS_REQUIRE_KEY it answers 401
  const logs = h('a', { class: 'muted', id: 'trial-logs', href: `/v1/trials/${id}/logs`, target: '_blank' }, 'output (logs)');
  const notice = h('div');
  const params = h('div', {}, h('p', { class: 'muted' }, 'loading…'));
  const outcome = h('div');
  const curvesBox = curvesLayout();
  root.append(
    h('div', { class: 'page-head' }, h('div', {}, h('div', { class: 'title-row' }, title, status), back, ' · ', logs)),
    notice,
    h('div', { class: 'grid-2' }, card('Parameters', params), card('Result', outcome)),
    card('Curves', curvesBox.element),
  );
  const curves = new CurvesPanel(curvesBox);
  let search: Search | undefined;

  function render(trial: TrialDetail, metric: string): void {
    document.title = `trial #${trial.ordinal} · hpsearch`;
    title.textContent = `Trial #${trial.ordinal}`;
    status.replaceChildren(statusBadge(trial.status));
    back.textContent = `← ${search?.name ?? 'search'}`;
    back.setAttribute('href', `#/searches/${trial.searchId}`);
    params.replaceChildren(keyValueTable(Object.entries(trial.params).map(([name, value]) => [name, formatValue(value)])));
    const interval = intervalText(trial);
    const beforeConfirmation = beforeConfirmationText(trial);
    outcome.replaceChildren(
      keyValueTable([
        ...metricValues(trial, metric).map(({ name, value, stdError }): [string, Node | string] => [
          name,
          stdError === null ? value : h('span', {}, value, h('span', { class: 'std-error' }, ` s.e. ${stdError}`)),
        ]),
        ['evaluations', h('span', { id: 'trial-evaluations' }, String(trial.evaluations))],
        ...(interval !== null ? [['interval', h('span', { id: 'trial-interval' }, interval)] as [string, Node]] : []),
        ...(beforeConfirmation !== null ? [['before confirmation', h('span', { id: 'trial-before-confirmation' }, beforeConfirmation)] as [string, Node]] : []),
        ['attempt', String(trial.attempt)],
        ['worker', trial.worker ?? '-'],
        ['started', formatTime(trial.startedAt)],
        ['finished', formatTime(trial.finishedAt)],
        ...(trial.error ? [['error', h('pre', { class: 'trial-error', id: 'trial-error' }, trial.error)] as [string, Node]] : []),
      ]),
    );
    curves.plot([trial]);
  }

  const poller = poll(async () => {
    try {
      const trial = unwrap(await api.GET('/v1/trials/{id}', { params: { path: { id } } }));
      search ??= await getSearch(api, trial.searchId);
      render(trial, search.objective.metric);
      return isOpenTrial(trial.status);
    } catch (error) {
      if (!isNotFound(error)) {
        notice.replaceChildren(problemView(error));
        return true;
      }
      root.replaceChildren(notFoundView('No such trial', error));
      return false;
    }
  }, REFRESH_MS);
  return () => {
    poller.stop();
    curves.dispose();
  };
}
