export * from './testDatabase.ts';
export * from './testSettings.ts';
export * from './testBroker.ts';
export * from './faultPoints.ts';
