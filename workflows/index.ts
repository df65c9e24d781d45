export { sweepWorkflow, type SweepInput, type SweepResult } from './sweep';
