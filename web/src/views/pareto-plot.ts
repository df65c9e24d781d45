import { unwrap, type ApiClient, type ParetoSet, type Search, type Trial } from '../../../src/client/index';
import { Chart } from '../charts/echarts';
import { hasParetoPlot, paretoHint, paretoOption, paretoPoints } from '../charts/pareto';
import { h } from '../dom';
import { searchStateText } from '../search-state';
import type { PlotTrials } from './plot-trials';

/** What a multi-objective search's Pareto plot draws besides the plotted trials: its front, and the trial its scalarization picks. */
export interface ParetoAnswers {
  pareto: ParetoSet;
  /** undefined when the spec has no scalarization or no trial has succeeded. */
  scalarisedBest: Trial | undefined;
}

const isScalarised = (search: Search) => search.spec['scalarization'] !== undefined;

/** A multi-objective search's front and, with a scalarization, its best trial (conditional reads, as the page's others); undefined for a single objective. */
export async function readParetoAnswers(client: ApiClient, search: Search): Promise<ParetoAnswers | undefined> {
  if (!hasParetoPlot(search)) return undefined;
  const params = { params: { path: { id: search.id } } };
  // best is a 404 before a trial succeeds; with a scalarization it is a trial, never the set
  const [pareto, best] = await Promise.all([
    client.GET('/v1/searches/{id}/pareto', params).then(unwrap),
    isScalarised(search) && search.progress.succeeded > 0 ? client.GET('/v1/searches/{id}/best', params).then(unwrap) : undefined,
  ]);
  return { pareto, scalarisedBest: best && !('trials' in best) ? best : undefined };
}

/** The Pareto plot of a multi-objective search, shown (and its chart made) on its first update; a single-objective search's stays hidden. */
export class ParetoPlot {
  private readonly box = h('div', { class: 'chart', id: 'chart-pareto' });
  private readonly hint = h('p', { class: 'hint', id: 'pareto-hint' });
  readonly element = h('section', { class: 'card', id: 'pareto', hidden: true }, h('h2', {}, 'Pareto front'), this.box, this.hint);
  /** Made once the card is shown: a chart made hidden has no size to lay out. */
  private chart: Chart | undefined;

  constructor(private readonly openTrial: (trialId: string) => void) {}

  update(search: Search, { trials, caption }: PlotTrials, answers: ParetoAnswers | undefined): void {
    if (!answers) return;
    this.element.hidden = false;
    const chart = (this.chart ??= this.createChart());
    const { pareto, scalarisedBest } = answers;
    if (pareto.size === 0) {
      chart.showMessage(searchStateText(search).noSucceededTrial);
      this.hint.textContent = '';
      return;
    }
    chart.show(paretoOption(paretoPoints(trials, pareto, scalarisedBest), pareto.objectives, this.box.clientWidth));
    this.hint.textContent = paretoHint(pareto, scalarisedBest !== undefined, caption);
  }

  private createChart(): Chart {
    const chart = new Chart(this.box);
    chart.onTrialClick(this.openTrial);
    return chart;
  }

  dispose(): void {
    this.chart?.dispose();
  }
}
