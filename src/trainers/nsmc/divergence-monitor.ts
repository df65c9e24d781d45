import { DivergenceDetector } from '../divergence';

/** Optimiser steps the smoothed rule averages over. */
const window = 20;
/** A smoothed loss this many times the first step's loss means the optimiser made the model worse than guessing. */
const smoothedFactor = 2;

/** What the monitor must carry across a checkpoint to decide the same way after a resume. */
export interface MonitorState {
  firstLoss: number | null;
  recentLosses: number[];
}

/**
 * Divergence of the per-step training loss. The shared rules (DivergenceDetector: NaN/∞, exactly 0,
 * more than 10× the first loss in one step) catch a blow-up. AdamW bounds each update by about the
 * learning rate, so a far too large rate often makes the loss thrash instead of running off to
 * infinity: hence also a smoothed rule, the mean loss of the last 20 steps above 2× the first step's
 * loss (≈ ln 2 for the untrained two-label model). Sound training never gets there: its loss starts
 * at ln 2 and falls.
 */
export class DivergenceMonitor {
  private readonly detector = new DivergenceDetector();
  private firstLoss: number | null = null;
  private readonly recentLosses: number[] = [];

  constructor(restored?: MonitorState) {
    if (restored?.firstLoss != null) {
      this.firstLoss = restored.firstLoss;
      this.detector.check(restored.firstLoss);
    }
    this.recentLosses.push(...(restored?.recentLosses ?? []));
  }

  /** Records the loss of a step; returns why training diverged, or undefined. */
  check(loss: number): string | undefined {
    const shared = this.detector.check(loss);
    if (shared) return shared;
    this.firstLoss ??= loss;
    this.recentLosses.push(loss);
    if (this.recentLosses.length > window) this.recentLosses.shift();
    if (this.recentLosses.length < window) return undefined;
    const mean = this.recentLosses.reduce((sum, l) => sum + l, 0) / window;
    if (mean > smoothedFactor * this.firstLoss)
      return `loss exploded: mean ${mean.toPrecision(4)} over the last ${window} steps, more than ${smoothedFactor}× the first loss ${this.firstLoss.toPrecision(4)}`;
    return undefined;
  }

  state(): MonitorState {
    return { firstLoss: this.firstLoss, recentLosses: [...this.recentLosses] };
  }
}
