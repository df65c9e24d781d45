import { dominates, type Minimised } from './dominance';

/**
 * The non-dominated set of the points added so far, each with what it stands for: an added point that another
 * dominates is dropped, and one that dominates kept points evicts them. Memory is the front's size, and each
 * addition costs O(k·front), so a stream of many trials never needs all of them at once.
 */
export class ParetoFront<T> {
  private members: { point: Minimised; item: T }[] = [];

  add(point: Minimised, item: T): void {
    if (this.members.some((m) => dominates(m.point, point))) return;
    this.members = this.members.filter((m) => !dominates(point, m.point));
    this.members.push({ point, item });
  }

  /** The members in the order they were added. */
  entries(): readonly { point: Minimised; item: T }[] {
    return this.members;
  }
}
