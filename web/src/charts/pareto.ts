import { formatCount } from '../../../src/client/format';
import type { ParetoSet, Search, Trial } from '../../../src/client/index';
import { objectiveValues } from '../../../src/search/outcome';
import type { ChartOption } from './chart-option';
import type { Goal } from './history';
import { palette } from './palette';
import { parallelAxis, parallelFrame } from './parallel';
import { tooltipLines } from './tooltip';

export type Objective = ParetoSet['objectives'][number];

/** A trial with its value of each objective, in the objectives' order. */
export interface ObjectivePoint {
  trial: Trial;
  values: number[];
}

/** The trials a Pareto plot draws: the front as /pareto lists it, the other plotted trials, and the scalarised best if the spec has one. */
export interface ParetoPoints {
  front: ObjectivePoint[];
  others: ObjectivePoint[];
  /** Whether the others are all dominated: false when the front holds more trials than /pareto lists. */
  othersDominated: boolean;
  best: ObjectivePoint | undefined;
}

/** The colours of the plot's parts, so that a test can tell them apart in the drawing. */
export const paretoColours = { front: palette[0]!, dominated: '#8a94a6', best: palette[1]! } as const;

/** Whether a search gets a Pareto plot: it has two or more objectives. */
export const hasParetoPlot = (search: Pick<Search, 'objectives'>): search is { objectives: Objective[] } => (search.objectives?.length ?? 0) >= 2;

/** A succeeded trial with its value of each objective; undefined when one is missing or not finite. */
export function objectivePoint(trial: Trial, objectives: readonly Objective[]): ObjectivePoint | undefined {
  const values = objectiveValues(trial, objectives);
  return values && { trial, values };
}

const pointsOf = (trials: readonly Trial[], objectives: readonly Objective[]) => trials.map((t) => objectivePoint(t, objectives)).filter((p) => p !== undefined);

/** The plotted trials apart from the front `/pareto` answered, which is drawn whole whether or not the plotted trials hold it. */
export function paretoPoints(trials: readonly Trial[], pareto: ParetoSet, best: Trial | undefined): ParetoPoints {
  const onFront = new Set(pareto.trials.map((t) => t.id));
  return {
    front: pointsOf(pareto.trials, pareto.objectives),
    others: pointsOf(trials.filter((t) => !onFront.has(t.id)), pareto.objectives),
    othersDominated: pareto.size === pareto.trials.length,
    best: best && objectivePoint(best, pareto.objectives),
  };
}

/** The worse of two values for the goal. */
const worse = (a: number, b: number, goal: Goal) => (goal === 'maximize' ? Math.min(a, b) : Math.max(a, b));

/**
 * The boundary of the region a 2-D front dominates: its points by the first value and, between neighbours, the
 * corner worse than both in each objective.
 */
export function stepLine(points: readonly (readonly number[])[], goals: readonly Goal[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  return sorted.flatMap(([x, y], i): [number, number][] => {
    const next = sorted[i + 1];
    return next ? [[x!, y!], [worse(x!, next[0]!, goals[0]!), worse(y!, next[1]!, goals[1]!)]] : [[x!, y!]];
  });
}

/** An axis's name: the metric and its goal. */
const objectiveName = ({ metric, goal }: Objective) => `${metric} (${goal})`;

const seriesNames = (points: ParetoPoints) => ({ others: points.othersDominated ? 'dominated' : 'other trials', front: 'Pareto front', best: 'scalarised best' });

/** A data item that names its trial, so that a click opens it. */
const item = ({ trial, values }: ObjectivePoint) => ({ id: trial.id, value: values });

function tooltip(points: ParetoPoints, objectives: readonly Objective[]) {
  const byId = new Map([...points.others, ...points.front].map((p) => [p.trial.id, p]));
  if (points.best) byId.set(points.best.trial.id, points.best);
  return {
    trigger: 'item' as const,
    formatter: (shown: unknown) => {
      const point = byId.get(String((shown as { data: { id?: unknown } }).data.id));
      return point ? tooltipLines([['trial #', point.trial.ordinal], ...objectives.map((o, i): [string, unknown] => [o.metric, point.values[i]])]) : '';
    },
  };
}

/** Every plotted trial by the two objectives: the front in colour, joined by its step line; the dominated dimmed; the scalarised best a diamond. */
function paretoScatterOption(points: ParetoPoints, objectives: readonly Objective[]): ChartOption {
  const names = seriesNames(points);
  const axis = (objective: Objective) => ({ type: 'value' as const, name: objectiveName(objective), nameLocation: 'middle' as const, scale: true });
  return {
    tooltip: tooltip(points, objectives),
    legend: { top: 0 },
    grid: { left: 72, right: 24, top: 36, bottom: 52 },
    xAxis: { ...axis(objectives[0]!), nameGap: 30 },
    yAxis: { ...axis(objectives[1]!), nameGap: 54 },
    series: [
      { name: names.others, type: 'scatter', symbolSize: 6, color: paretoColours.dominated, itemStyle: { opacity: 0.45 }, data: points.others.map(item) },
      {
        name: names.front,
        type: 'line',
        color: paretoColours.front,
        showSymbol: false,
        silent: true,
        tooltip: { show: false },
        lineStyle: { width: 1.5 },
        data: stepLine(points.front.map((p) => p.values), objectives.map((o) => o.goal)),
      },
      { name: names.front, type: 'scatter', symbolSize: 9, color: paretoColours.front, z: 3, data: points.front.map(item) },
      ...(points.best ? [{ name: names.best, type: 'scatter' as const, symbol: 'diamond', symbolSize: 16, color: paretoColours.best, z: 4, data: [item(points.best)] }] : []),
    ],
  };
}

/** One line per plotted trial through the objectives' axes: the front in colour over the dominated, dimmed; the scalarised best thicker. */
function paretoParallelOption(points: ParetoPoints, objectives: readonly Objective[], widthPx: number): ChartOption {
  const { parallel, key } = parallelFrame(widthPx);
  const names = seriesNames(points);
  const lines = (name: string, color: string, width: number, opacity: number, drawn: ObjectivePoint[]) => ({
    name,
    type: 'parallel' as const,
    color,
    lineStyle: { width, opacity },
    emphasis: { lineStyle: { width: width + 1.5, opacity: 1 } },
    data: drawn.map(item),
  });
  return {
    tooltip: tooltip(points, objectives),
    legend: key,
    parallel,
    parallelAxis: objectives.map((o, dim) => ({ ...parallelAxis(dim, objectiveName(o)), type: 'value', scale: true })),
    series: [
      lines(names.others, paretoColours.dominated, 1, 0.3, points.others),
      lines(names.front, paretoColours.front, 2, 0.9, points.front),
      ...(points.best ? [lines(names.best, paretoColours.best, 3.5, 1, [points.best])] : []),
    ],
  };
}

/** The Pareto plot of a search's objectives: a scatter for two, parallel coordinates for three or four; `widthPx` is the chart's. */
export const paretoOption = (points: ParetoPoints, objectives: readonly Objective[], widthPx: number): ChartOption =>
  objectives.length === 2 ? paretoScatterOption(points, objectives) : paretoParallelOption(points, objectives, widthPx);

/** What the plot says of what it draws: the front's size and how much of it is listed, the scalarised best, the sample of the other trials. */
export function paretoHint({ objectives, trials, size }: ParetoSet, scalarised: boolean, sampleCaption: string): string {
  const listed = size > trials.length ? `; the first ${formatCount(trials.length)} by ${objectives[0]!.metric} are drawn` : '';
  const best = scalarised ? ' Scalarised best: the trial of the front the spec’s scalarization picks.' : '';
  return `${formatCount(size)} ${size === 1 ? 'trial' : 'trials'} on the Pareto front${listed}.${best}${sampleCaption ? ` ${sampleCaption}` : ''}`;
}
