/**
 * The switch's composition root (STYLE.md §3.8), the only file that builds concrete infrastructure:
 * config → its database (created, migrated) → keys → handlers → messaging (relay, consumer, deadline
 * sweeper) → HTTP on the service chassis → listen; shutdown in the chassis's order (serveService).
 */
import { loadParticipantCrypto, newMessageId } from '@switchyard/contracts';
import { createLogger, openServiceDatabase, participantsOf, serveService } from '@switchyard/infra';
import { createDeadlines, createOutbox, outboxMigrations, startMessaging } from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { switchMigrations } from './db/switchMigrations.ts';
import { createHandlers } from './handlers/index.ts';
import { createRoutes } from './handlers/routes.ts';
import { buildApp } from './http/app.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });
const db = await openServiceDatabase(config, [outboxMigrations, switchMigrations]);
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
  declareTopology: false, // setup declares it; this service's broker login may not (least privilege)
  log,
  prefetch: config.prefetch,
  sweeper: config.sweeper,
});

const app = await buildApp({
  participant: config.participant,
  db,
  log,
  operatorKey: config.operatorKey,
  httpLimits: config.httpLimits,
  healthProbes: { rabbitmq: () => messaging.broker.isConnected() },
});

await serveService({ config, log, app, db, parts: [messaging] });
log.info(
  { participant: config.participant, port: config.httpPort, timeoutsMs: config.timeoutsMs },
  'switch ready',
);
