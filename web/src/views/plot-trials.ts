import { formatCount } from '../../../src/client/format';
import { listTrials, type ApiClient, type Search, type Trial } from '../../../src/client/index';
import { trialCount } from '../../../src/status';

/** The per-trial plots draw at most this many trials of a search: its best by objective and its latest. */
export const plotTrialLimits = { best: 1_500, latest: 500 } as const;

export interface PlotTrials {
  trials: Trial[];
  /** What the plots say of the trials they draw; empty when they draw every trial. */
  caption: string;
}

export const sampleCaption = (best: number, latest: number, total: number) =>
  `Drawn from the best ${formatCount(best)} and the latest ${formatCount(latest)} of ${formatCount(total)} trials.`;

/** The trials the per-trial plots draw, by ordinal: every trial of a search with few, else its best and its latest ones (two keyset-paged reads). */
export async function loadPlotTrials(client: ApiClient, search: Search): Promise<PlotTrials> {
  const { best, latest } = plotTrialLimits;
  const total = trialCount(search.progress);
  if (total <= best + latest) return { trials: await listTrials(client, search.id, {}, best + latest), caption: '' };
  const [top, recent] = await Promise.all([
    // the API sorts by objective best first
    listTrials(client, search.id, { sort: 'objective' }, best),
    listTrials(client, search.id, { sort: 'ordinal', order: 'desc' }, latest),
  ]);
  const byId = new Map([...top, ...recent].map((trial) => [trial.id, trial]));
  return { trials: [...byId.values()].sort((a, b) => a.ordinal - b.ordinal), caption: sampleCaption(top.length, recent.length, total) };
}
