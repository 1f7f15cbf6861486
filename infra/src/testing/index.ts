export * from './testDatabase.ts';
export * from './config.ts';
export * from './testBroker.ts';
export * from './faultPoints.ts';
export * from './restartPostgres.ts';
