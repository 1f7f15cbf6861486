/**
 * The switch's composition root (STYLE.md §3.8), the only file that builds concrete infrastructure:
 * config → Postgres (database ensured, migrations) → keys → sealer/opener → handlers → messaging (relay,
 * consumer, deadline sweeper) → HTTP → listen, and a graceful shutdown: stop HTTP → stop messaging
 * (consumer first, in-flight handlers finish and ack, then relay and sweeper) → close the pool.
 */
import closeWithGrace from 'close-with-grace';
import { loadParticipantCrypto, newMessageId } from '@switchyard/contracts';
import { createDb, createLogger, ensureDatabase, migrate, participantsOf } from '@switchyard/infra';
import { createDeadlines, createOutbox, outboxMigrations, startMessaging } from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { switchMigrations } from './db/switchMigrations.ts';
import { createHandlers } from './handlers/index.ts';
import { createRoutes } from './handlers/routes.ts';
import { buildApp } from './http/app.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });

await ensureDatabase(config.databaseUrl, new URL(config.databaseUrl).pathname.slice(1));
await migrate(config.databaseUrl, [outboxMigrations, switchMigrations]);
const db = await createDb(config.databaseUrl, { poolSizeMax: config.dbPoolSizeMax });

const { sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);

const handlers = createHandlers({
  switchId: config.participant,
  outbox: createOutbox({ sealer, prefix: config.prefix }),
  deadlines: createDeadlines({ sealer, prefix: config.prefix, participant: config.participant }),
  routes: createRoutes(config.network),
  timeoutsMs: config.timeoutsMs,
  amountMinorMax: config.amountMinorMax,
  now: () => new Date(),
  newMessageId,
  log,
});
const messaging = await startMessaging({
  participant: config.participant,
  prefix: config.prefix,
  db,
  amqpUrl: config.amqpUrl,
  sealer,
  opener,
  handlers,
  participants: participantsOf(config.network),
  log,
  prefetch: config.prefetch,
  sweeper: config.sweeper,
});

const app = await buildApp({
  participant: config.participant,
  db,
  log,
  operatorKey: config.operatorKey,
  limits: config,
  healthChecks: { rabbitmq: () => messaging.broker.isConnected() },
});

closeWithGrace({ delay: config.shutdownDelayMs, logger: log }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'fatal error: shutting down');
  else log.info({ signal }, 'shutting down');
  await app.close();
  await messaging.stop();
  await db.end();
});

await app.listen({ host: config.httpHost, port: config.httpPort });
log.info(
  { participant: config.participant, port: config.httpPort, timeoutsMs: config.timeoutsMs },
  'switch ready',
);
