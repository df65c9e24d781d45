import type { TrialStatus } from '../../../src/client/index';

/** Series colours, in order; chosen to stay apart from each other and from the status colours' reds. */
export const palette = ['#3b6fd4', '#e07b39', '#2e9e6a', '#c2416b', '#7b5cc4', '#b59a1c', '#2b99b3', '#6b7280', '#8c564b', '#d46fb5', '#17becf', '#4c7a1f'];

/** The line dashes that tell apart series whose colours repeat. */
const dashes = ['solid', 'dashed', 'dotted'] as const;

/** The colour and dash of the `index`th series of a chart: every colour solid, then every colour dashed, then dotted. */
export function seriesStyle(index: number): { color: string; type: (typeof dashes)[number] } {
  return { color: palette[index % palette.length]!, type: dashes[Math.floor(index / palette.length) % dashes.length]! };
}

/** One colour per trial status, as the status badges show them. */
export const statusColors: Record<TrialStatus, string> = {
  queued: '#9aa8c7',
  running: '#3b6fd4',
  succeeded: '#2e9e6a',
  failed: '#c0392b',
  diverged: '#e07b39',
  infeasible: '#7b5cc4',
  pruned: '#b59a1c',
  cancelled: '#8a94a6',
};
