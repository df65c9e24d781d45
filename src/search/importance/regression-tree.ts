/**
 * Where a leaf lies along one coordinate: an interval [low, high) of [0, 1] for a numeric coordinate,
 * the categories it holds (by index) for a categorical one.
 */
export type Extent = { kind: 'interval'; low: number; high: number } | { kind: 'categories'; members: readonly boolean[] };

/** A region of the cube (one extent per coordinate) and the prediction there. */
export interface Leaf {
  extents: readonly Extent[];
  value: number;
}

export interface TreeOptions {
  /** No split leaves fewer samples than this on either side. */
  minSamplesLeaf: number;
  maxDepth: number;
}

/** The training data of a tree: `columns[i][s]` is sample s's coordinate i, `objectives[s]` its response. */
export interface TreeData {
  columns: readonly Float64Array[];
  objectives: Float64Array;
  /** Number of categories of each coordinate; 0 for a numeric coordinate in [0, 1]. */
  categories: readonly number[];
  /** Per coordinate, every sample's index in increasing order of the coordinate. */
  sortedBy: readonly Int32Array[];
}

export function treeData(points: readonly Float64Array[], objectives: Float64Array, categories: readonly number[]): TreeData {
  const columns = categories.map((_, feature) => Float64Array.from(points, (point) => point[feature]!));
  const sortedBy = columns.map((column) => Int32Array.from(points.keys()).sort((a, b) => column[a]! - column[b]!));
  return { columns, objectives, categories, sortedBy };
}

interface Split {
  /** Sum of squares the split's two means explain: Σ_side sum² / count; larger is better. */
  score: number;
  goesLeft: (sample: number) => boolean;
  extents: [Extent, Extent];
}

const scoreOf = (leftSum: number, leftCount: number, rightSum: number, rightCount: number) =>
  (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount;

/** `order`: the node's samples sorted by the feature; `total`: the sum of their objectives. */
function bestNumericSplit(
  data: TreeData,
  order: Int32Array,
  total: number,
  feature: number,
  extent: Extract<Extent, { kind: 'interval' }>,
  minLeaf: number,
): Split | undefined {
  const column = data.columns[feature]!;
  const objectives = data.objectives;
  const n = order.length;
  let leftSum = 0;
  let bestScore = -Infinity;
  let bestAt = -1;
  let previous = column[order[0]!]!;
  for (let k = 1; k < n; k++) {
    leftSum += objectives[order[k - 1]!]!;
    const value = column[order[k]!]!;
    if (k >= minLeaf && n - k >= minLeaf && value !== previous) {
      const score = scoreOf(leftSum, k, total - leftSum, n - k);
      if (score > bestScore) {
        bestScore = score;
        bestAt = k;
      }
    }
    previous = value;
  }
  if (bestAt < 0) return undefined;
  const threshold = (column[order[bestAt - 1]!]! + column[order[bestAt]!]!) / 2;
  return {
    score: bestScore,
    goesLeft: (sample) => column[sample]! < threshold,
    extents: [
      { kind: 'interval', low: extent.low, high: threshold },
      { kind: 'interval', low: threshold, high: extent.high },
    ],
  };
}

/**
 * Categories ordered by their mean response, split where the two sides' means explain most (optimal for
 * squared error among all subsets). Categories of the node without samples go with the larger side.
 */
function bestCategoricalSplit(
  data: TreeData,
  samples: Int32Array,
  feature: number,
  extent: Extract<Extent, { kind: 'categories' }>,
  minLeaf: number,
): Split | undefined {
  const k = data.categories[feature]!;
  const column = data.columns[feature]!;
  const counts = new Float64Array(k);
  const sums = new Float64Array(k);
  for (const s of samples) {
    const c = column[s]!;
    counts[c]!++;
    sums[c]! += data.objectives[s]!;
  }
  const seen = [...counts.keys()].filter((c) => counts[c]! > 0).sort((a, b) => sums[a]! / counts[a]! - sums[b]! / counts[b]! || a - b);
  let leftSum = 0;
  let leftCount = 0;
  let total = 0;
  for (const c of seen) total += sums[c]!;
  let best: { score: number; at: number; leftCount: number } | undefined;
  for (let at = 1; at < seen.length; at++) {
    leftSum += sums[seen[at - 1]!]!;
    leftCount += counts[seen[at - 1]!]!;
    const rightCount = samples.length - leftCount;
    if (leftCount < minLeaf || rightCount < minLeaf) continue;
    const score = scoreOf(leftSum, leftCount, total - leftSum, rightCount);
    if (!best || score > best.score) best = { score, at, leftCount };
  }
  if (!best) return undefined;
  const left = new Set(seen.slice(0, best.at));
  const unseenGoLeft = best.leftCount >= samples.length - best.leftCount;
  const isLeft = (c: number) => left.has(c) || (unseenGoLeft && counts[c] === 0);
  return {
    score: best.score,
    goesLeft: (sample) => isLeft(column[sample]!),
    extents: [
      { kind: 'categories', members: extent.members.map((member, c) => member && isLeft(c)) },
      { kind: 'categories', members: extent.members.map((member, c) => member && !isLeft(c)) },
    ],
  };
}

/**
 * A CART regression tree (squared error, every coordinate tried at every split) fitted to `samples` (indices
 * into the data, repeats allowed, as a bootstrap draws them), returned as its leaves: boxes that partition the
 * cube, each with its samples' mean. A node is a range of the samples' orders along each coordinate; a split partitions the range in place,
 * stably, so each side stays sorted.
 */
export function fitTree(data: TreeData, samples: readonly number[], options: TreeOptions): Leaf[] {
  const leaves: Leaf[] = [];
  const root: Extent[] = data.categories.map((k) =>
    k > 0 ? { kind: 'categories', members: Array<boolean>(k).fill(true) } : { kind: 'interval', low: 0, high: 1 },
  );
  const copies = new Int32Array(data.objectives.length);
  for (const s of samples) copies[s]!++;
  const orders = data.sortedBy.map((sorted) => {
    const order = new Int32Array(samples.length);
    let k = 0;
    for (const s of sorted) for (let copy = 0; copy < copies[s]!; copy++) order[k++] = s;
    return order;
  });
  const goesLeft = new Uint8Array(data.objectives.length);
  const scratch = new Int32Array(samples.length);

  const bestSplit = (
    start: number,
    end: number,
    total: number,
    extents: readonly Extent[],
  ): { feature: number; split: Split } | undefined => {
    let best: { feature: number; split: Split } | undefined;
    for (let feature = 0; feature < extents.length; feature++) {
      const extent = extents[feature]!;
      const order = orders[feature]!.subarray(start, end);
      const split =
        extent.kind === 'interval'
          ? bestNumericSplit(data, order, total, feature, extent, options.minSamplesLeaf)
          : bestCategoricalSplit(data, order, feature, extent, options.minSamplesLeaf);
      if (split && (!best || split.score > best.split.score)) best = { feature, split };
    }
    return best;
  };

  /** Moves the range's samples that go left to its front, in order; returns where the right side starts. */
  const partition = (order: Int32Array, start: number, end: number): number => {
    let left = start;
    let right = 0;
    for (let k = start; k < end; k++) {
      const s = order[k]!;
      if (goesLeft[s] === 1) order[left++] = s;
      else scratch[right++] = s;
    }
    order.set(scratch.subarray(0, right), left);
    return left;
  };

  const grow = (start: number, end: number, extents: Extent[], depth: number): void => {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const someOrder = orders[0]!;
    for (let k = start; k < end; k++) {
      const y = data.objectives[someOrder[k]!]!;
      sum += y;
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
    const split =
      depth < options.maxDepth && end - start >= 2 * options.minSamplesLeaf && min < max ? bestSplit(start, end, sum, extents) : undefined;
    if (!split) {
      leaves.push({ extents, value: sum / (end - start) });
      return;
    }
    for (let k = start; k < end; k++) goesLeft[someOrder[k]!] = split.split.goesLeft(someOrder[k]!) ? 1 : 0;
    let middle = start;
    for (const order of orders) middle = partition(order, start, end);
    grow(
      start,
      middle,
      extents.map((e, i) => (i === split.feature ? split.split.extents[0] : e)),
      depth + 1,
    );
    grow(
      middle,
      end,
      extents.map((e, i) => (i === split.feature ? split.split.extents[1] : e)),
      depth + 1,
    );
  };

  grow(0, samples.length, root, 0);
  return leaves;
}
