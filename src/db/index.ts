export { openDatabase, type Database, type DatabaseTarget, type Db } from './client';
export * from './queries/searches';
export * from './queries/trials';
export * from './queries/metrics';
export * from './schema/index';
export * from './queries/events';
export * from './queries/trainings';
export * from './queries/logs';
export * from './queries/trainer-registrations';
