/**
 * The bank's composition root (docs/architecture.md §4.5), the only file that builds concrete infrastructure:
 * config → its database (created, migrated) → keys → handlers → messaging (relay + consumer) → HTTP on
 * the service chassis → listen; shutdown in the chassis's order (serveService).
 */
import { loadParticipantCrypto, smsSenderIdOf } from '@switchyard/contracts';
import {
  createLogger,
  createSmsSender,
  openServiceDatabase,
  participantsOf,
  serveService,
  type Broker,
} from '@switchyard/infra';
import {
  createFaultInjector,
  createOutbox,
  outboxMigrations,
  readFaultRules,
  startMessaging,
} from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { bankMigrations } from './db/bankMigrations.ts';
import { bankResponders } from './faults/respondWith.ts';
import { createHandlers } from './handlers/index.ts';
import { createCredsReader } from './hsm/credsReader.ts';
import { createPinHasher } from './hsm/pinHasher.ts';
import { buildApp } from './http/app.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });
const db = await openServiceDatabase(config, [outboxMigrations, bankMigrations]);
const { own, sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);

const now = (): Date => new Date();
// The SMS sender rides on messaging's broker connection, which exists only once messaging has started —
// and messaging needs the handlers first. A handler sends only after its commit, so it can wait for it.
const broker = Promise.withResolvers<Broker>();
const replying = {
  participant: config.participant,
  outbox: createOutbox({ sealer, prefix: config.prefix }),
  now,
};
const handlers = createHandlers({
  ...replying,
  readCreds: createCredsReader(own),
  pinHasher: createPinHasher({ pvk: config.pinPepper, retiredPvks: config.pinRetiredPeppers }),
  sms: createSmsSender({
    broker: broker.promise,
    prefix: config.prefix,
    from: smsSenderIdOf(config.participant),
    log,
    now,
  }),
  bankName: config.bankName,
  log,
});
const faults = createFaultInjector({
  participant: config.participant,
  handledTypes: Object.keys(handlers),
  responders: bankResponders(replying),
  rules: readFaultRules(config.faults),
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
  consumerBatchSizeMax: config.consumerBatchSizeMax,
  consumerLanes: config.consumerLanes,
  injector: faults,
});
broker.resolve(messaging.broker);

const app = await buildApp({
  db,
  log,
  participant: config.participant,
  operatorKey: config.operatorKey,
  httpLimits: config.httpLimits,
  faults,
  healthProbes: { rabbitmq: () => messaging.broker.isConnected() },
});

await serveService({ config, log, app, db, parts: [messaging] });
log.info(
  { participant: config.participant, ifscPrefix: config.ifscPrefix, port: config.httpPort },
  'bank ready',
);
