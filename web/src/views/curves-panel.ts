import { unwrap, type Trial, type TrialDetail } from '../../../src/client/index';
import { isOpenTrial } from '../../../src/status';
import { api } from '../api';
import { curvesOption, hasMetric } from '../charts/curves';
import { Chart } from '../charts/echarts';

/** Loss and learning-rate curves of some trials, overlaid; finished trials' curves are fetched once. */
export class CurvesPanel {
  private readonly loss: Chart;
  private readonly learningRate: Chart;
  private readonly finished = new Map<string, TrialDetail>();

  constructor(lossElement: HTMLElement, learningRateElement: HTMLElement) {
    this.loss = new Chart(lossElement);
    this.learningRate = new Chart(learningRateElement);
  }

  async show(trials: readonly Trial[]): Promise<void> {
    const details = await Promise.all(trials.map((trial) => this.detail(trial)));
    this.plot(details);
  }

  plot(details: readonly TrialDetail[]): void {
    if (details.length === 0) {
      this.loss.showMessage('tick trials in the table to plot their curves');
      this.learningRate.showMessage('tick trials in the table to plot their curves');
      return;
    }
    if (hasMetric(details, 'loss')) this.loss.show(curvesOption(details, 'loss'));
    else this.loss.showMessage('no loss reported yet');
    if (hasMetric(details, 'learning_rate')) this.learningRate.show(curvesOption(details, 'learning_rate'));
    else this.learningRate.showMessage('no learning rate reported yet');
  }

  private async detail(trial: Trial): Promise<TrialDetail> {
    const known = this.finished.get(trial.id);
    if (known) return known;
    const detail = unwrap(await api.GET('/v1/trials/{id}', { params: { path: { id: trial.id } } }));
    if (!isOpenTrial(detail.status)) this.finished.set(detail.id, detail);
    return detail;
  }

  dispose(): void {
    this.loss.dispose();
    this.learningRate.dispose();
  }
}
