import type { Search } from '../../client/index';
import { progressLine } from './format';

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Shows a search's progress: redrawn in place on a terminal, a new line per change elsewhere. */
export class ProgressPrinter {
  private last = '';

  constructor(private readonly out: Output) {}

  update(search: Search): void {
    const line = progressLine(search);
    if (line === this.last) return;
    this.last = line;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** Ends the in-place line so later output starts on a fresh one. */
  end(): void {
    if (this.out.isTTY && this.last) this.out.write('\n');
  }
}
