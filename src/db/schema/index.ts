export * from './searches';
export * from './trials';
export * from './trial-metrics';
export * from './search-events';
export * from './trainings';
export * from './trial-logs';
export * from './trainer-registrations';
export * from './artifacts';
