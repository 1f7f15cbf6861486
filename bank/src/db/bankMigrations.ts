/** The bank's tables (bank/migrations): applied after outboxMigrations by main.ts and by tests. */
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@switchyard/infra';

export const bankMigrations: MigrationSource = {
  name: 'bank',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};
