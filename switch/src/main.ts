/**
 * The switch's composition root (docs/architecture.md §4.5), the only file that builds concrete
 * infrastructure: config → its database (created, migrated) → keys → handlers → messaging (relay, consumer,
 * deadline sweeper) → HTTP on the service chassis → listen; shutdown in the chassis's order (serveService).
 */
import { loadParticipantCrypto, newMessageId } from '@switchyard/contracts';
import { createLogger, openServiceDatabase, participantsOf, serveService } from '@switchyard/infra';
import {
  createDeadlines,
  createFaultInjector,
  createOutbox,
  outboxMigrations,
  readFaultRules,
  startMessaging,
} from '@switchyard/outbox';
import { createBankBreakers } from './breakers.ts';
import { loadConfig } from './config.ts';
import { switchMigrations } from './db/switchMigrations.ts';
import { createHandlers } from './handlers/index.ts';
import { onInvalidRequest } from './handlers/onInvalidRequest.ts';
import { createRoutes } from './handlers/routes.ts';
import { buildApp } from './http/app.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });
const db = await openServiceDatabase(config, [outboxMigrations, switchMigrations]);
const { sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);

const breakers = createBankBreakers(
  config.network.banks.map((bank) => bank.id),
  config.breakers,
  log,
);
const handlerDeps = {
  switchId: config.participant,
  outbox: createOutbox({ sealer, prefix: config.prefix }),
  deadlines: createDeadlines(),
  routes: createRoutes(config.network),
  timeoutsMs: config.timeoutsMs,
  forwardTimeoutsMs: config.forwardTimeoutsMs,
  resolution: config.resolution,
  statusChecks: config.statusChecks,
  breakers,
  amountMinorMax: config.amountMinorMax,
  now: () => new Date(),
  newMessageId,
  log,
};
const handlers = createHandlers(handlerDeps);
// The switch has no responder: its rules delay, drop, duplicate, lose answers or crash (docs/failures.md).
const faults = createFaultInjector({
  participant: config.participant,
  handledTypes: Object.keys(handlers),
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
  invalidRequests: onInvalidRequest(handlerDeps),
  participants: participantsOf(config.network),
  declareTopology: false, // setup declares it; this service's broker login may not (least privilege)
  log,
  prefetch: config.prefetch,
  sweeper: config.sweeper,
  consumerBatchSizeMax: config.consumerBatchSizeMax,
  consumerLanes: config.consumerLanes,
  injector: faults,
});

const app = await buildApp({
  participant: config.participant,
  db,
  log,
  operatorKey: config.operatorKey,
  httpLimits: config.httpLimits,
  faults,
  healthProbes: { rabbitmq: () => messaging.broker.isConnected() },
  breakers,
});

await serveService({
  config,
  log,
  app,
  db,
  parts: [messaging, { stop: () => Promise.resolve(breakers.shutdown()) }],
});
log.info(
  { participant: config.participant, port: config.httpPort, timeoutsMs: config.timeoutsMs },
  'switch ready',
);
