import { defineQuery } from '@temporalio/workflow';

export interface SweepProgress {
  running: number[];
  finished: number;
  nextOrdinal: number;
}

export const progressQuery = defineQuery<SweepProgress>('progress');
