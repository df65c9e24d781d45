export * from './searches';
export * from './trials';
export * from './trial-metrics';
export * from './checkpoints';
