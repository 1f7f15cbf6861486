export * from './testDatabase.ts';
export * from './testSettings.ts';
