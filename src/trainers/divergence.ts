/**
 * Divergence rules shared by trainers: a loss that is NaN or infinite, that explodes past
 * `explodeFactor` times the first loss reported, or that collapses to exactly 0 (what fp16 overflow
 * looks like in the HuggingFace Trainer's logs) ends the trial as diverged.
 */
export class DivergenceDetector {
  private firstLoss: number | undefined;

  constructor(private readonly explodeFactor = 10) {}

  /** Returns why the loss diverged, or undefined while it looks sane. */
  check(loss: number): string | undefined {
    if (!Number.isFinite(loss)) return `loss became ${loss}`;
    if (loss === 0) return 'loss collapsed to exactly 0';
    this.firstLoss ??= loss;
    if (loss > this.explodeFactor * this.firstLoss) return `loss exploded to ${loss} (first loss ${this.firstLoss})`;
    return undefined;
  }
}
