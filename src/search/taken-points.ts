import type { Params } from '../search-spec/space';
import type { Point, SpaceEncoding } from './encoding';
import type { Rng } from '../util/rng';

const randomAttempts = 64;
const enumerableLimit = 1_000_000;

/** The parameter sets a suggestion must not repeat: completed, pending, and earlier answers of the same request. */
export class TakenPoints {
  private readonly keys = new Set<string>();

  constructor(private readonly space: SpaceEncoding, params: Iterable<Params>) {
    for (const p of params) this.keys.add(space.key(p));
  }

  get count(): number {
    return this.keys.size;
  }

  has(point: Point): boolean {
    return this.keys.has(this.space.pointKey(point));
  }

  add(point: Point): void {
    this.keys.add(this.space.pointKey(point));
  }

  /**
   * preferred when it is free, else a random free point, else (for a finite space) the first free point
   * enumerated from a random offset; undefined once every point of the space is taken.
   */
  freePoint(rng: Rng, preferred?: Point): Point | undefined {
    if (preferred && !this.has(preferred)) return preferred;
    const cardinality = this.space.cardinality();
    if (this.count >= cardinality) return undefined;
    for (let i = 0; i < randomAttempts; i++) {
      const point = this.space.randomPoint(rng);
      if (!this.has(point)) return point;
    }
    if (cardinality > enumerableLimit) return undefined;
    const offset = rng.int(cardinality);
    for (let i = 0; i < cardinality; i++) {
      const point = this.enumerated((offset + i) % cardinality);
      if (!this.has(point)) return point;
    }
    return undefined;
  }

  /** Point number `index` of a finite space in mixed-radix order. */
  private enumerated(index: number): Point {
    const indices: number[] = [];
    let rest = index;
    for (let i = 0; i < this.space.size; i++) {
      const levels = this.space.levels(i);
      indices.push(rest % levels);
      rest = Math.floor(rest / levels);
    }
    return this.space.fromLevels(indices);
  }
}
