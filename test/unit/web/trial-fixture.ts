import type { Trial } from '../../../src/client/index';

/** A trial as the API lists it, with what a test sets. */
export const trialOf = (fields: Partial<Trial> & Pick<Trial, 'ordinal' | 'status'>): Trial => ({
  id: `00000000-0000-4000-8000-${String(fields.ordinal).padStart(12, '0')}`,
  searchId: '00000000-0000-4000-8000-000000000000',
  params: {},
  objective: null,
  metrics: null,
  evaluations: 1,
  stdErrors: null,
  interval: null,
  trainKey: 'k',
  trainingReused: false,
  attempt: 1,
  worker: 'w1',
  error: null,
  prunedAtStep: null,
  notes: '',
  tags: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  ...fields,
});
