import { constraintsText, formatValue, intervalText, objectivesText } from '../../../src/client/format';
import { isSettledSearch } from '../../../src/status';
import { getParameterImportance, getSearch, getSearchHistory, unwrap, type ParameterImportance, type Search, type SearchHistory, type Trial } from '../../../src/client/index';
import { api } from '../api';
import { Chart } from '../charts/echarts';
import { downsamplingText, hasHistory, historyOption, scoredTrials } from '../charts/history';
import { importanceOption } from '../charts/importance-chart';
import { varyingInSpace } from '../charts/parameter-axis';
import { parallelOption } from '../charts/parallel';
import { timelineOption } from '../charts/timeline';
import { h } from '../dom';
import { poll } from '../poll';
import { cancelQuestion, searchStateText } from '../search-state';
import { objectiveValues } from '../trial-values';
import { confirmInPage } from './confirm-dialog';
import { CurvesPanel, curvesLayout } from './curves-panel';
import { ParameterPlots } from './parameter-plots';
import { ParetoPlot, readParetoAnswers } from './pareto-plot';
import { loadPlotTrials, type PlotTrials } from './plot-trials';
import { TrialsTable } from './trials-table';
import { isNotFound, keyValueTable, notFoundView, problemView, progressBar, statusBadge, tagChips } from './widgets';

const REFRESH_MS = 1000;
const DEFAULT_CURVES = 5;

const noEstimateText: Record<NonNullable<ParameterImportance['reason']>, string> = {
  'too-few-trials': 'needs more succeeded trials',
  'no-varying-parameters': 'no parameter of the space varies',
  'no-variance-explained': 'the objective does not vary with the parameters',
};

const card = (title: string, ...content: Node[]) => h('section', { class: 'card' }, h('h2', {}, title), ...content);
const chartBox = (id: string) => h('div', { class: 'chart', id });
const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

/** A search: progress, best trial, plots, trials; cancel and resume. Refreshes every second until it settles. */
export function searchPageView(root: HTMLElement, id: string): () => void {
  const title = h('h1', { id: 'search-name' }, 'Search');
  const status = h('span', { id: 'search-status' });
  const meta = h('p', { class: 'muted', id: 'search-meta' });
  const outcome = h('p', { id: 'search-outcome', hidden: true });
  const temporalLink = h('a', { id: 'temporal-link', class: 'button', target: '_blank', rel: 'noopener', hidden: true }, 'Temporal UI');
  // both wait for the search to be read: a search that does not exist has nothing to cancel or resume
  const cancelButton = h('button', { id: 'cancel', class: 'button danger', disabled: true }, 'Cancel');
  const resumeMax = h('input', { id: 'resume-max', type: 'number', min: 1, placeholder: 'max trials', 'aria-label': 'new max trials' });
  const resumeButton = h('button', { id: 'resume', class: 'button', disabled: true }, 'Resume');
  const notice = h('div', { id: 'notice' });
  const bar = h('div');
  const progressText = h('p', { id: 'progress-text' });
  const best = h('div', { id: 'best' }, h('p', { class: 'muted' }, 'loading…'));
  const importanceHint = h('p', { class: 'hint', id: 'importance-hint' });
  const historyHint = h('p', { class: 'hint', id: 'history-hint' });
  const sampleHint = h('p', { class: 'hint', id: 'plot-sample-hint' });
  const tags = h('div', { id: 'search-tags' });
  const notes = h('textarea', { id: 'notes-text', rows: 4, maxlength: 10_000, placeholder: 'Notes on this search: what it tries, what came of it', 'aria-label': 'notes' });
  const saveNotes = h('button', { id: 'notes-save', class: 'button' }, 'Save notes');
  const notesState = h('span', { id: 'notes-state', class: 'muted' });
  /** The notes as last stored; the text area follows them until the user edits it. */
  let storedNotes: string | undefined;
  const charts = { history: chartBox('chart-history'), timeline: chartBox('chart-timeline'), parallel: chartBox('chart-parallel'), importance: chartBox('chart-importance') };
  const curvesBox = curvesLayout();
  const parameterPlots = new ParameterPlots();
  const paretoPlot = new ParetoPlot((trialId) => (location.hash = `#/trials/${trialId}`));

  /** The trials ticked in the table, which may lie outside the trials the plots draw. */
  const picked = new Map<string, Trial>();
  let latestTrials: readonly Trial[] = [];
  let latestSearch: Search | undefined;
  let plotted = new Set<string>();
  const selection = {
    isSelected: (trial: Trial) => plotted.has(trial.id),
    toggle(trial: Trial, on: boolean) {
      if (picked.size === 0) for (const t of latestTrials) if (plotted.has(t.id)) picked.set(t.id, t);
      if (on) picked.set(trial.id, trial);
      else picked.delete(trial.id);
      void curves.show(chooseCurveTrials()).catch(showProblem);
    },
  };
  const table = new TrialsTable(api, selection, showProblem);

  root.append(
    h('div', { class: 'page-head' }, h('div', {}, h('div', { class: 'title-row' }, title, status), meta, outcome), h('div', { class: 'actions' }, temporalLink, cancelButton, resumeMax, resumeButton)),
    notice,
    h('section', { class: 'card' }, bar, progressText),
    card('Notes', tags, notes, h('div', { class: 'actions' }, saveNotes, notesState)),
    h('div', { class: 'grid-2' }, card('Best trial', best), card('Optimisation history', charts.history, historyHint)),
    paretoPlot.element,
    card('Timeline', charts.timeline),
    h('div', { class: 'grid-2 wide-left' }, card('Parallel coordinates', charts.parallel, sampleHint), card('Parameter importance', charts.importance, importanceHint)),
    parameterPlots.element,
    card('Curves', h('p', { class: 'hint' }, `Loss and any metric of the ticked trials (default: the ${DEFAULT_CURVES} best).`), curvesBox.element),
    card('Trials', table.element),
  );
  const history = new Chart(charts.history);
  const timeline = new Chart(charts.timeline);
  const parallel = new Chart(charts.parallel);
  const importance = new Chart(charts.importance);
  const curves = new CurvesPanel(curvesBox);

  /** The trials whose curves to show: those ticked, else the best few (or running ones while none succeeded). */
  function chooseCurveTrials(): Trial[] {
    let chosen: Trial[];
    if (picked.size > 0) chosen = [...picked.values()];
    else {
      const scored = scoredTrials(latestTrials);
      const sign = latestSearch?.objective.goal === 'minimize' ? 1 : -1;
      chosen = scored.length > 0 ? scored.sort((a, b) => sign * (a.objective - b.objective)).slice(0, DEFAULT_CURVES) : latestTrials.filter((t) => t.status === 'running').slice(0, DEFAULT_CURVES);
    }
    plotted = new Set(chosen.map((t) => t.id));
    return chosen;
  }

  function showProblem(error: unknown): void {
    notice.replaceChildren(problemView(error));
  }

  function renderSearch(search: Search): void {
    document.title = `${search.name} · hpsearch`;
    title.textContent = search.name;
    status.replaceChildren(statusBadge(search.status));
    const constraints = search.constraints ? ` · ${constraintsText(search.constraints)}` : '';
    meta.textContent = `${search.algorithm} search · trainer ${search.trainer} · ${objectivesText(search)}${constraints} · ${search.id}`;
    const state = searchStateText(search);
    outcome.hidden = state.outcome === null;
    outcome.textContent = state.outcome ?? '';
    temporalLink.hidden = !search.links.temporalUi;
    if (search.links.temporalUi) temporalLink.setAttribute('href', search.links.temporalUi);
    cancelButton.disabled = isSettledSearch(search.status);
    resumeButton.disabled = !isSettledSearch(search.status);
    bar.replaceChildren(progressBar(search));
    progressText.textContent = state.progress;
    best.replaceChildren(search.best ? bestView(search) : h('p', { class: 'muted' }, sentence(state.noSucceededTrial)));
    renderNotes(search);
  }

  function renderNotes(search: Pick<Search, 'notes' | 'tags' | 'archived'>): void {
    tags.replaceChildren(tagChips(search.tags), search.archived ? h('span', { class: 'badge' }, 'archived') : '');
    if (storedNotes === undefined || notes.value === storedNotes) notes.value = search.notes;
    storedNotes = search.notes;
    notesState.textContent = notes.value === storedNotes ? '' : 'not saved';
  }

  function renderHistory(search: Search, answer: SearchHistory): void {
    if (hasHistory(answer)) history.show(historyOption(answer, search.objective.metric, search.objective.goal));
    else history.showMessage(searchStateText(search).noSucceededTrial);
    historyHint.textContent = downsamplingText(answer);
  }

  function renderTrials(search: Search, { trials, caption }: PlotTrials): void {
    const { metric, goal } = search.objective;
    const waiting = searchStateText(search).noSucceededTrial;
    const varying = varyingInSpace(search.parameters);
    if (scoredTrials(trials).length === 0) {
      for (const chart of [parallel, importance]) chart.showMessage(waiting);
    } else if (varying.length === 0) {
      // ECharts cannot lay out the objective's axis alone (translate(NaN …))
      parallel.showMessage('no parameter of the space varies');
    } else parallel.show(parallelOption(trials, varying, metric, goal, charts.parallel.clientWidth));
    sampleHint.textContent = caption;
    parameterPlots.update(search, trials, caption);
  }

  /** Redrawn on every refresh, as running trials grow until now. */
  function renderTimeline(trials: readonly Trial[]): void {
    if (trials.some((t) => t.startedAt !== null)) timeline.show(timelineOption(trials, Date.now()));
    else timeline.showMessage('no trial has started yet');
  }

  function renderImportance(answer: ParameterImportance): void {
    if (answer.reason !== null) {
      importance.showMessage(noEstimateText[answer.reason]);
      importanceHint.textContent = '';
      return;
    }
    importance.show(importanceOption(answer.parameters));
    importanceHint.textContent =
      `Share of the variance of ${answer.objective.metric} each parameter carries alone, ± its spread across the trees: functional ANOVA over a random forest fitted to ` +
      `${answer.trialsUsed} succeeded trials. Main effects carry ${Math.round(100 * (answer.mainEffectFraction ?? 0))}% of the forest’s variance; the rest is interactions.`;
  }

  let listedAt = '';
  const poller = poll(async () => {
    try {
      const search = await getSearch(api, id);
      latestSearch = search;
      renderSearch(search);
      // every change to the trials moves a progress count: while the counts stand still, the list does too;
      // the plots' messages follow the status
      const state = JSON.stringify([search.status, search.progress]);
      const trialsChanged = state !== listedAt;
      let plotTrials: PlotTrials | undefined;
      if (trialsChanged) {
        const [answer, loaded, paretoAnswers] = await Promise.all([
          getSearchHistory(api, id),
          loadPlotTrials(api, search),
          readParetoAnswers(api, search),
          table.update(search, varyingInSpace(search.parameters).map((p) => p.name)),
        ]);
        renderHistory(search, answer);
        paretoPlot.update(search, loaded, paretoAnswers);
        plotTrials = loaded;
        latestTrials = loaded.trials;
        listedAt = state;
      }
      const curveTrials = chooseCurveTrials();
      renderTimeline(latestTrials);
      if (plotTrials) {
        renderTrials(search, plotTrials);
        if (scoredTrials(latestTrials).length > 0) renderImportance(await getParameterImportance(api, id));
      }
      await curves.show(curveTrials);
      if (notice.querySelector('.problem')) notice.replaceChildren();
      return !isSettledSearch(search.status);
    } catch (error) {
      if (!isNotFound(error)) {
        showProblem(error);
        return true;
      }
      root.replaceChildren(notFoundView('No such search', error));
      return false;
    }
  }, REFRESH_MS);

  const requestCancel = async (): Promise<void> => {
    if (!latestSearch || !(await confirmInPage(root, cancelQuestion(latestSearch), { confirm: 'Cancel search', decline: 'Keep running' }))) return;
    cancelButton.disabled = true;
    try {
      unwrap(await api.POST('/v1/searches/{id}/cancel', { params: { path: { id } } }));
      notice.replaceChildren(h('p', { class: 'ok' }, 'Cancel requested: running trials are being stopped.'));
    } catch (error) {
      showProblem(error);
    }
    poller.kick();
  };
  const requestResume = async (): Promise<void> => {
    resumeButton.disabled = true;
    const maxTrials = resumeMax.valueAsNumber;
    try {
      const result = unwrap(await api.POST('/v1/searches/{id}/resume', { params: { path: { id } }, body: Number.isInteger(maxTrials) ? { maxTrials } : {} }));
      const message = result.resumed
        ? `Resumed: ${result.finishedTrials} finished trials kept, ${result.requeuedTrials.length} cancelled trials queued again.`
        : result.reason === 'running'
          ? 'Not resumed: the sweep is still running.'
          : 'Not resumed: every trial is done. Enter a larger max trials to extend the search.';
      notice.replaceChildren(h('p', { class: result.resumed ? 'ok' : 'muted' }, message));
    } catch (error) {
      showProblem(error);
    }
    poller.kick();
  };
  const requestSaveNotes = async (): Promise<void> => {
    saveNotes.disabled = true;
    try {
      const saved = unwrap(await api.PATCH('/v1/searches/{id}', { params: { path: { id } }, body: { notes: notes.value } }));
      storedNotes = undefined;
      renderNotes(saved);
      notesState.textContent = 'saved';
    } catch (error) {
      showProblem(error);
    }
    saveNotes.disabled = false;
  };
  notes.addEventListener('input', () => (notesState.textContent = notes.value === storedNotes ? '' : 'not saved'));
  saveNotes.addEventListener('click', () => void requestSaveNotes());
  cancelButton.addEventListener('click', () => void requestCancel());
  resumeButton.addEventListener('click', () => void requestResume());

  return () => {
    poller.stop();
    for (const chart of [history, timeline, parallel, importance]) chart.dispose();
    curves.dispose();
    parameterPlots.dispose();
    paretoPlot.dispose();
  };
}

/** The best trial: its objective (a multi-objective search's every objective), the interval of repeated evaluations, its parameters. */
function bestView(search: Search): HTMLElement {
  const trial = search.best!;
  const headline = search.objectives
    ? h(
        'div',
        {},
        h('div', { class: 'best-objectives', id: 'best-objectives' }, keyValueTable(objectiveValues(search.objectives, trial))),
        h('p', { class: 'muted' }, `trial #${trial.ordinal} · best by ${search.objective.metric}`),
      )
    : h('div', { class: 'best-value' }, h('span', { class: 'big', id: 'best-objective' }, formatValue(trial.objective)), h('span', { class: 'muted' }, ` ${search.objective.metric} · trial #${trial.ordinal}`));
  const interval = intervalText(trial);
  return h(
    'div',
    {},
    headline,
    interval !== null && h('p', { class: 'best-interval', id: 'best-interval' }, interval),
    keyValueTable(Object.entries(trial.params).map(([name, value]) => [name, formatValue(value)])),
    h('a', { class: 'button primary', id: 'best-open', href: `#/trials/${trial.id}` }, 'Open best trial'),
  );
}
