export { sweepWorkflow, type SweepInput, type SweepResult } from './sweep';
export { progressQuery, type SweepProgress } from './messages';
