import type { Trial, TrialStatus } from '../../../src/client/index';
import type { ChartOption } from './chart-option';
import { statusColors } from './palette';

/** A trial as a bar of the timeline: its lane (a row), when it started and ended (now while it runs). */
export interface TimelineBar {
  lane: number;
  ordinal: number;
  status: TrialStatus;
  start: number;
  end: number;
}

/** The rows of the timeline, top to bottom: a worker's trials, one lane for each trial it ran at the same time as others. */
export interface TimelineLane {
  worker: string;
  /** 0 for a worker's first lane. */
  index: number;
}

/** The worker of a trial that started without one recorded. */
const UNKNOWN_WORKER = '(unknown worker)';

/**
 * The trials that started, as bars in lanes: each worker's trials in order of start, each in the first of its
 * lanes free when it starts (a worker running four trials at once has four lanes). Workers by name.
 */
export function timelineLanes(trials: readonly Trial[], now: number): { lanes: TimelineLane[]; bars: TimelineBar[] } {
  const started = trials
    .filter((t): t is Trial & { startedAt: string } => t.startedAt !== null)
    .map((t) => {
      const start = Date.parse(t.startedAt);
      return { trial: t, worker: t.worker ?? UNKNOWN_WORKER, start, end: Math.max(start, t.finishedAt === null ? now : Date.parse(t.finishedAt)) };
    })
    .sort((a, b) => a.worker.localeCompare(b.worker) || a.start - b.start || a.trial.ordinal - b.trial.ordinal);
  const lanes: TimelineLane[] = [];
  const bars: TimelineBar[] = [];
  /** When each lane of the current worker is free again. */
  let freeAt: { lane: number; end: number }[] = [];
  for (const { trial, worker, start, end } of started) {
    if (lanes.at(-1)?.worker !== worker) freeAt = [];
    let slot = freeAt.find((lane) => lane.end <= start);
    if (!slot) {
      slot = { lane: lanes.length, end };
      lanes.push({ worker, index: freeAt.length });
      freeAt.push(slot);
    }
    slot.end = end;
    bars.push({ lane: slot.lane, ordinal: trial.ordinal, status: trial.status, start, end });
  }
  return { lanes, bars };
}

/** The statuses the timeline colours, in the legend's order. */
const timelineStatuses = ['succeeded', 'failed', 'diverged', 'infeasible', 'pruned', 'cancelled', 'running'] as const satisfies readonly TrialStatus[];

const BAR_HEIGHT = 0.7;

const formatDuration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

type BarValue = [lane: number, start: number, end: number, ordinal: number];

/** Trials over wall-clock time, a row per worker lane, coloured by status; running trials reach `now`. */
export function timelineOption(trials: readonly Trial[], now: number): ChartOption {
  const { lanes, bars } = timelineLanes(trials, now);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const { value, seriesName } = params as unknown as { value: BarValue; seriesName: string };
        return `trial #${value[3]} · ${seriesName} · ${formatDuration(value[2] - value[1])}`;
      },
    },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 120, right: 20, top: 36, bottom: 44 },
    xAxis: { type: 'time' },
    yAxis: {
      type: 'category',
      inverse: true,
      // a lane by its place: a worker's name labels only its first lane
      data: lanes.map((_lane, index) => String(index)),
      axisLabel: { width: 110, overflow: 'truncate', formatter: (_value: string, index: number) => (lanes[index]?.index === 0 ? lanes[index].worker : '') },
      axisTick: { show: false },
    },
    series: timelineStatuses.map((status) => ({
      name: status,
      type: 'custom' as const,
      color: statusColors[status],
      encode: { x: [1, 2], y: 0 },
      renderItem: (_params, api) => {
        const [x0, y] = api.coord([api.value(1), api.value(0)]) as [number, number];
        const [x1] = api.coord([api.value(2), api.value(0)]) as [number, number];
        const height = (api.size!([0, 1]) as number[])[1]! * BAR_HEIGHT;
        return { type: 'rect', shape: { x: x0, y: y - height / 2, width: Math.max(1, x1 - x0), height }, style: { fill: statusColors[status] } };
      },
      data: bars.filter((bar) => bar.status === status).map((bar): BarValue => [bar.lane, bar.start, bar.end, bar.ordinal]),
    })),
  };
}
