import { describe, expect, it } from 'vitest';
import type { ParetoSet, Trial } from '../../../src/client/index';
import { hasParetoPlot, objectivePoint, paretoColours, paretoHint, paretoOption, paretoPoints, stepLine, type Objective } from '../../../web/src/charts/pareto';
import { trialOf } from './trial-fixture';

const accuracyAndCost: Objective[] = [
  { metric: 'eval_accuracy', goal: 'maximize' },
  { metric: 'train_cost', goal: 'minimize' },
];
const threeObjectives: Objective[] = [...accuracyAndCost, { metric: 'eval_loss', goal: 'minimize' }];

const scored = (ordinal: number, eval_accuracy: number, train_cost: number, eval_loss = 0.3): Trial =>
  trialOf({ ordinal, status: 'succeeded', objective: eval_accuracy, metrics: { eval_accuracy, train_cost, eval_loss } });

// 0, 2 and 3 are the front: 1 is beaten by 0 (cheaper and more accurate), 4 by 3
const trials = [scored(0, 0.8, 1), scored(1, 0.75, 2), scored(2, 0.9, 4), scored(3, 0.85, 2), scored(4, 0.85, 3), trialOf({ ordinal: 5, status: 'failed' })];
const front = [trials[2]!, trials[3]!, trials[0]!];
const paretoOf = (listed: Trial[], size = listed.length, objectives = accuracyAndCost): ParetoSet => ({ objectives, trials: listed, size });

type Series = { name: string; type: string; color: string; symbol?: string; data: ({ id: string; value: number[] } | number[])[] };
const seriesOf = (option: ReturnType<typeof paretoOption>) => option.series as Series[];
const ordinalsOf = (series: Series) => series.data.map((d) => trials.find((t) => t.id === (d as { id: string }).id)?.ordinal);

describe('which searches get a Pareto plot', () => {
  it('those with two or more objectives, not single-objective ones', () => {
    expect(hasParetoPlot({ objectives: accuracyAndCost })).toBe(true);
    expect(hasParetoPlot({ objectives: threeObjectives })).toBe(true);
    expect(hasParetoPlot({ objectives: null })).toBe(false);
  });
});

describe('a trial’s objective values', () => {
  it('come from its final metrics in the objectives’ order; a trial that did not succeed or lacks one has none', () => {
    expect(objectivePoint(trials[2]!, accuracyAndCost)?.values).toEqual([0.9, 4]);
    expect(objectivePoint(trials[2]!, [...accuracyAndCost].reverse())?.values).toEqual([4, 0.9]);
    expect(objectivePoint(trials[5]!, accuracyAndCost)).toBeUndefined();
    expect(objectivePoint(trialOf({ ordinal: 6, status: 'succeeded', metrics: { eval_accuracy: 0.9, train_cost: null } }), accuracyAndCost)).toBeUndefined();
    expect(objectivePoint(trialOf({ ordinal: 7, status: 'succeeded', metrics: { eval_accuracy: 0.9 } }), accuracyAndCost)).toBeUndefined();
  });
});

describe('the plotted trials apart from the front', () => {
  it('draw the front as /pareto lists it and the other trials with objective values as dominated', () => {
    const points = paretoPoints(trials, paretoOf(front), undefined);
    expect(points.front.map((p) => p.trial.ordinal)).toEqual([2, 3, 0]);
    expect(points.others.map((p) => p.trial.ordinal)).toEqual([1, 4]);
    expect(points.othersDominated).toBe(true);
  });

  it('draw front trials the sample lacks, and call the others dominated only when the whole front is listed', () => {
    const points = paretoPoints([trials[1]!], paretoOf(front.slice(0, 2), 3), trials[3]);
    expect(points.front.map((p) => p.trial.ordinal)).toEqual([2, 3]);
    expect(points.others.map((p) => p.trial.ordinal)).toEqual([1]);
    expect(points.othersDominated).toBe(false);
    expect(points.best?.values).toEqual([0.85, 2]);
  });
});

describe('the step line of a 2-D front', () => {
  const points = [
    [3, 3],
    [1, 1],
    [2, 2],
  ];

  it('turns at the corner worse than both neighbours in each objective: for maximise x, minimise y, up then right', () => {
    expect(stepLine(points, ['maximize', 'minimize'])).toEqual([[1, 1], [1, 2], [2, 2], [2, 3], [3, 3]]);
  });

  it('for minimise x, maximise y, right then up', () => {
    expect(stepLine(points, ['minimize', 'maximize'])).toEqual([[1, 1], [2, 1], [2, 2], [3, 2], [3, 3]]);
  });

  it('for both minimised (y falling as x grows), right then down; for both maximised, down then right', () => {
    const falling = [
      [1, 3],
      [3, 1],
      [2, 2],
    ];
    expect(stepLine(falling, ['minimize', 'minimize'])).toEqual([[1, 3], [2, 3], [2, 2], [3, 2], [3, 1]]);
    expect(stepLine(falling, ['maximize', 'maximize'])).toEqual([[1, 3], [1, 2], [2, 2], [2, 1], [3, 1]]);
  });

  it('is the point itself for a front of one, and nothing for none', () => {
    expect(stepLine([[1, 2]], ['maximize', 'minimize'])).toEqual([[1, 2]]);
    expect(stepLine([], ['maximize', 'minimize'])).toEqual([]);
  });
});

describe('the Pareto scatter of two objectives', () => {
  const option = paretoOption(paretoPoints(trials, paretoOf(front), trials[3]), accuracyAndCost, 1200);
  const [dominated, line, frontPoints, best] = seriesOf(option);

  it('names its axes by metric and goal', () => {
    expect(option.xAxis).toMatchObject({ name: 'eval_accuracy (maximize)' });
    expect(option.yAxis).toMatchObject({ name: 'train_cost (minimize)' });
  });

  it('draws the dominated trials dimmed, the front in colour joined by its step line, the scalarised best as a diamond', () => {
    expect(dominated).toMatchObject({ name: 'dominated', type: 'scatter', color: paretoColours.dominated });
    expect(ordinalsOf(dominated!)).toEqual([1, 4]);
    expect(frontPoints).toMatchObject({ name: 'Pareto front', type: 'scatter', color: paretoColours.front });
    expect(ordinalsOf(frontPoints!)).toEqual([2, 3, 0]);
    expect(frontPoints!.data[0]).toEqual({ id: trials[2]!.id, value: [0.9, 4] });
    expect(line).toMatchObject({ name: 'Pareto front', type: 'line', silent: true });
    expect(line!.data).toEqual([[0.8, 1], [0.8, 2], [0.85, 2], [0.85, 4], [0.9, 4]]);
    expect(best).toMatchObject({ name: 'scalarised best', symbol: 'diamond', color: paretoColours.best });
    expect(ordinalsOf(best!)).toEqual([3]);
  });

  it('shows the trial ordinal and its values on hover', () => {
    const formatter = (option.tooltip as { formatter: (item: unknown) => string }).formatter;
    expect(formatter({ data: { id: trials[4]!.id, value: [0.85, 3] } })).toBe('trial #: 4<br>eval_accuracy: 0.85<br>train_cost: 3');
  });

  it('has no diamond without a scalarised best', () => {
    expect(seriesOf(paretoOption(paretoPoints(trials, paretoOf(front), undefined), accuracyAndCost, 1200)).map((s) => s.name)).toEqual(['dominated', 'Pareto front', 'Pareto front']);
  });
});

describe('the Pareto plot of three or four objectives', () => {
  const option = paretoOption(paretoPoints(trials, paretoOf(front, 3, threeObjectives), trials[0]), threeObjectives, 1200);

  it('is parallel coordinates through the objectives, named by metric and goal, laid out as the parameters’ parallel plot', () => {
    expect((option.parallelAxis as { dim: number; name: string }[]).map(({ dim, name }) => [dim, name])).toEqual([
      [0, 'eval_accuracy (maximize)'],
      [1, 'train_cost (minimize)'],
      [2, 'eval_loss (minimize)'],
    ]);
    expect(option.parallel).toMatchObject({ right: 150, bottom: 40 });
    expect(option.legend).toMatchObject({ right: 12, top: 'middle' });
    expect(paretoOption(paretoPoints(trials, paretoOf(front, 3, threeObjectives), undefined), threeObjectives, 360).legend).toMatchObject({ orient: 'horizontal', bottom: 8 });
  });

  it('draws the dominated trials dimmed under the front, and the scalarised best apart', () => {
    const [dominated, frontLines, best] = seriesOf(option);
    expect(dominated).toMatchObject({ name: 'dominated', type: 'parallel', color: paretoColours.dominated, lineStyle: { opacity: 0.3 } });
    expect(ordinalsOf(dominated!)).toEqual([1, 4]);
    expect(frontLines).toMatchObject({ name: 'Pareto front', type: 'parallel', color: paretoColours.front });
    expect(frontLines!.data.map((d) => (d as { value: number[] }).value)).toEqual([
      [0.9, 4, 0.3],
      [0.85, 2, 0.3],
      [0.8, 1, 0.3],
    ]);
    expect(best).toMatchObject({ name: 'scalarised best', color: paretoColours.best });
    expect(ordinalsOf(best!)).toEqual([0]);
  });
});

describe('what the Pareto plot says of what it draws', () => {
  it('the front’s size, how much of it is drawn, the scalarised best and the sample of the others', () => {
    expect(paretoHint(paretoOf(front), false, '')).toBe('3 trials on the Pareto front.');
    expect(paretoHint(paretoOf([front[0]!]), false, '')).toBe('1 trial on the Pareto front.');
    expect(paretoHint(paretoOf(front, 1_234), true, 'Drawn from the best 1,500 and the latest 500 of 100,000 trials.')).toBe(
      '1,234 trials on the Pareto front; the first 3 by eval_accuracy are drawn. Scalarised best: the trial of the front the spec’s scalarization picks. Drawn from the best 1,500 and the latest 500 of 100,000 trials.',
    );
  });
});
