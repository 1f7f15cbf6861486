/** The outbox's tables (outbox, outbox_parked, inbox, deadlines): every service migrates them first. */
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@switchyard/infra';

export const outboxMigrations: MigrationSource = {
  name: 'outbox',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};
