/**
 * The service chassis's life cycle, shared by every main.ts: open the service's own database (created if
 * missing, migrated: the outbox's tables first, then the service's), and serve the HTTP app until a signal
 * or a fatal error, then stop in order — stop taking requests (in-flight ones finish), stop messaging
 * (consumer first: in-flight handlers commit and ack; then relay and timers), close the pool — bounded by
 * close-with-grace's delay.
 */
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { ensureDatabase } from '../postgres/admin.ts';
import { createDb, type Db } from '../postgres/db.ts';
import { migrate, type MigrationSource } from '../postgres/migrate.ts';
import type { Log } from './logger.ts';
import type { ServiceConfig } from './loadServiceConfig.ts';

/** @throws the connection or migration error: a service that cannot reach its database does not start. */
export const openServiceDatabase = async (
  config: ServiceConfig,
  migrations: MigrationSource[],
): Promise<Db> => {
  await ensureDatabase(config.databaseUrl, new URL(config.databaseUrl).pathname.slice(1));
  await migrate(config.databaseUrl, migrations);
  return createDb(config.databaseUrl, { poolSizeMax: config.dbPoolSizeMax });
};

export type Stoppable = { stop(): Promise<void> | void };

/** Listens, and installs the shutdown sequence: app → `parts` in order → the pool. */
export const serveService = async (o: {
  config: ServiceConfig;
  log: Log;
  app: FastifyInstance;
  db: Db;
  parts: Stoppable[];
}): Promise<void> => {
  closeWithGrace({ delay: o.config.shutdownDelayMs, logger: o.log }, async ({ signal, err }) => {
    if (err) o.log.error({ err }, 'fatal error: shutting down');
    else o.log.info({ signal }, 'shutting down');
    await o.app.close();
    for (const part of o.parts) await part.stop();
    await o.db.end();
  });
  await o.app.listen({ host: o.config.httpHost, port: o.config.httpPort });
};
