import { createConfirmSweepActivities, createConfirmTrialActivities } from './confirm';
import type { ActivityDeps } from './deps';
import { withFailureKinds } from './failures';
import { createRecordActivities } from './record';
import { createRunTrialActivities } from './run-trial';
import { createSuggestActivities } from './suggest';
import { createSweepStateActivities } from './sweep-state';

/** Activities of the sweep task queue: everything the workflow does that touches the database. */
export const createSweepActivities = (deps: ActivityDeps) =>
  withFailureKinds({
    ...createSweepStateActivities(deps.db),
    ...createSuggestActivities(deps.db),
    ...createRecordActivities(deps.db),
    ...createConfirmSweepActivities(deps.db),
  });

/** Activities of the trial task queue: running trainers. */
export const createTrialActivities = (deps: ActivityDeps) => ({ ...createRunTrialActivities(deps), ...createConfirmTrialActivities(deps) });

export type SweepActivities = ReturnType<typeof createSweepActivities>;
export type TrialActivities = ReturnType<typeof createTrialActivities>;
export type * from './types';
export type { ConfirmationTask } from './confirm';
export type { ActivityDeps } from './deps';
