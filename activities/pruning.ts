import { peerCurves, type Db } from '../src/db/index';
import { shouldPrune, type IntermediateValue, type PruneDecision, type TrialCurve } from '../src/search/pruners/index';
import type { SpecPruner } from '../src/search-spec/search-spec';
import type { ProgressReport } from '../src/trainers/types';

const PEER_REFRESH_MS = 500;

/**
 * Watches a trial's reports of the pruner's metric and, when the pruner says so, stops the trial through
 * `stop`. Every report is judged in order (ASHA judges the report that first reaches a rung); the peers'
 * curves come from the database, fetched at most every PEER_REFRESH_MS.
 */
export class PruningMonitor {
  private readonly own: IntermediateValue[] = [];
  private judged = 0;
  private peers: { curves: TrialCurve[]; at: number } | undefined;
  private checking = false;
  decision: (PruneDecision & { prune: true; step: number }) | undefined;

  constructor(
    private readonly db: Db,
    private readonly search: { searchId: string; trialId: string; ordinal: number },
    private readonly pruner: SpecPruner,
    private readonly stop: (reason: string) => void,
  ) {}

  observe(report: ProgressReport): void {
    const value = report.values[this.pruner.metric];
    if (value === undefined || !Number.isFinite(value) || this.decision) return;
    this.own.push({ step: report.step, value });
    if (this.checking) return;
    this.checking = true;
    void this.judgePending().finally(() => {
      this.checking = false;
    });
  }

  private async judgePending(): Promise<void> {
    while (this.judged < this.own.length && !this.decision) {
      const peers = await this.currentPeers();
      if (!peers) return;
      for (; this.judged < this.own.length && !this.decision; this.judged++) {
        const trial = { ordinal: this.search.ordinal, intermediate: this.own.slice(0, this.judged + 1) };
        const decision = shouldPrune({ trial, peers, goal: this.pruner.goal, config: this.pruner });
        if (decision.prune && decision.step !== undefined) {
          this.decision = { ...decision, prune: true, step: decision.step };
          this.stop(decision.reason ?? 'pruned');
        }
      }
    }
  }

  private async currentPeers(): Promise<TrialCurve[] | undefined> {
    if (this.peers && Date.now() - this.peers.at < PEER_REFRESH_MS) return this.peers.curves;
    const curves = await peerCurves(this.db, this.search.searchId, this.search.trialId, this.pruner.metric).catch(() => undefined);
    if (curves) this.peers = { curves, at: Date.now() };
    return curves;
  }
}
