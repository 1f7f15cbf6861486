export * from './postgres/db.ts';
export * from './postgres/migrate.ts';
export * from './postgres/admin.ts';
export * from './runtime/logger.ts';
export * from './network.ts';
