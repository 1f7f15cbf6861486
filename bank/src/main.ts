/**
 * The bank's composition root (STYLE.md §3.8), the only file that builds concrete infrastructure:
 * config → its database (created, migrated) → keys → handlers → messaging (relay + consumer) → HTTP on
 * the service chassis → listen; shutdown in the chassis's order (serveService).
 */
import { loadParticipantCrypto } from '@switchyard/contracts';
import { createLogger, openServiceDatabase, participantsOf, serveService } from '@switchyard/infra';
import { createOutbox, outboxMigrations, startMessaging } from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { bankMigrations } from './db/bankMigrations.ts';
import { createHandlers } from './handlers/index.ts';
import { createCredsReader } from './hsm/credsReader.ts';
import { createPinHasher } from './hsm/pinHasher.ts';
import { buildApp } from './http/app.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });
const db = await openServiceDatabase(config, [outboxMigrations, bankMigrations]);
const { own, sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);

const handlers = createHandlers({
  participant: config.participant,
  outbox: createOutbox({ sealer, prefix: config.prefix }),
  readCreds: createCredsReader(own),
  pinHasher: createPinHasher({ pepper: config.pinPepper, scryptN: config.pinScryptN }),
  now: () => new Date(),
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
});

const app = await buildApp({
  db,
  log,
  participant: config.participant,
  operatorKey: config.operatorKey,
  httpLimits: config.httpLimits,
  healthProbes: { rabbitmq: () => messaging.broker.isConnected() },
});

await serveService({ config, log, app, db, parts: [messaging] });
log.info(
  { participant: config.participant, ifscPrefix: config.ifscPrefix, port: config.httpPort },
  'bank ready',
);
