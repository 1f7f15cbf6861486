/** The switch's tables (payments, payment_events, payment_creds, forwarded_requests); run after outboxMigrations. */
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@switchyard/infra';

export const switchMigrations: MigrationSource = {
  name: 'switch',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};
