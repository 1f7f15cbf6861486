/** The PSP's migrations (psp/migrations): applied after outboxMigrations. */
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@switchyard/infra';

export const pspMigrations: MigrationSource = {
  name: 'psp',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};
