import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1m' });

/** The floor: n sequential round trips of an activity that does nothing. */
export async function noopActivitiesWorkflow(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await noop();
}
