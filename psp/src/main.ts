/**
 * The PSP's composition root (docs/architecture.md §4.5), the only file that builds concrete infrastructure:
 * config → its database (created, migrated) → keys → handlers → messaging (relay + consumer) → HTTP on
 * the service chassis → listen; shutdown in the chassis's order (serveService).
 */
import { loadParticipantCrypto, newMessageId, smsSenderIdOf } from '@switchyard/contracts';
import {
  createLogger,
  createSmsSender,
  openServiceDatabase,
  participantsOf,
  serveService,
} from '@switchyard/infra';
import {
  createFaultInjector,
  createOutbox,
  outboxMigrations,
  readFaultRules,
  startMessaging,
} from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { listInFlightPayments } from './db/paymentsDb.ts';
import { pspMigrations } from './db/pspMigrations.ts';
import { pspResponders } from './faults/respondWith.ts';
import { createHandlers } from './handlers/index.ts';
import { buildApp } from './http/app.ts';
import { createAdmission } from './runtime/admission.ts';
import { createDeadLetterTools } from './runtime/deadLetterTools.ts';
import { startIdempotencyCleanup } from './runtime/idempotencyCleanup.ts';
import { createRateLimiter } from './runtime/rateLimiter.ts';
import { sendStatusCheck } from './payments/checkPayment.ts';
import { startStatusChecker } from './runtime/statusChecker.ts';
import { createStatusHub } from './runtime/statusHub.ts';
import { createUpstreamWaiters } from './runtime/upstreamWaiters.ts';
import { createOtpCodes } from './users/otpCodes.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });
const limits = config.limits;

const db = await openServiceDatabase(config, [outboxMigrations, pspMigrations]);

const { directory, sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);
const outbox = createOutbox({ sealer, prefix: config.prefix });

const admission = createAdmission({
  inFlightMax: limits.paymentsInFlightMax,
  perUserMax: limits.paymentsInFlightPerUserMax,
  ageMsMax: limits.paymentInFlightAgeMsMax,
  adaptive: {
    latencyTargetMs: limits.admissionLatencyTargetMs,
    inFlightMin: limits.paymentsInFlightMin,
    windowMs: limits.admissionWindowMs,
    windowSamplesMin: limits.admissionWindowSamplesMin,
  },
  onLimitChange: (change) => log.info(change, 'admission limit changed'),
});
for (const pending of await listInFlightPayments(db.pool, limits.paymentInFlightAgeMsMax)) {
  admission.restore(pending.txnId, pending.userId, pending.createdAt.getTime());
}
const hub = createStatusHub({
  perUserMax: limits.wsConnectionsPerUserMax,
  totalMax: limits.wsConnectionsMax,
});
const waiters = createUpstreamWaiters({ waitsMax: limits.upstreamWaitsMax });
const now = (): Date => new Date();

const handlers = createHandlers({
  participant: config.participant,
  outbox,
  hub,
  waiters,
  admission,
  now,
  newMessageId,
  log,
});
const faults = createFaultInjector({
  participant: config.participant,
  handledTypes: Object.keys(handlers),
  responders: pspResponders({ participant: config.participant, outbox, now, newMessageId }),
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
  consumerBatchSizeMax: config.consumerBatchSizeMax,
  consumerLanes: config.consumerLanes,
  injector: faults,
});

const idempotencyCleanup = startIdempotencyCleanup({
  db,
  retentionMs: config.idempotencyRetentionMs,
  intervalMs: 60_000,
  log,
});

// Each slice gets only what its use cases name (BuildAppDeps); these are the parts several share.
const identity = { participant: config.participant, txnPrefix: config.txnPrefix };
const sending = { ...identity, outbox, now, newMessageId }; // builds and enqueues messages for the switch
const upstream = { db, waiters, upstreamTimeoutMs: limits.upstreamTimeoutMs };
const app = await buildApp({
  log,
  httpLimits: config.httpLimits,
  info: { ...identity, handle: config.handle },
  health: { db, probes: { rabbitmq: () => messaging.broker.isConnected() } },
  gauges: { db, admission, hub, now },
  operator: {
    participant: config.participant,
    operatorKey: config.operatorKey,
    admission,
    waiters,
    hub,
    now,
    faults,
    deadLetters: createDeadLetterTools({
      broker: messaging.broker,
      prefix: config.prefix,
      participant: config.participant,
    }),
  },
  ws: {
    hub,
    wsConnectionsPerUserMax: limits.wsConnectionsPerUserMax,
    wsPingIntervalMs: limits.wsPingIntervalMs,
  },
  users: {
    db,
    sms: createSmsSender({
      broker: messaging.broker,
      prefix: config.prefix,
      from: smsSenderIdOf(config.participant),
      log,
      now,
    }),
    otpCodes: createOtpCodes(config.otpScryptN),
    registrationsPerMobile: createRateLimiter({
      limit: limits.registrationsPerMobileMax,
      windowMs: limits.registrationWindowMs,
    }),
    registrationsOverall: createRateLimiter({ limit: limits.registrationsPerMinuteMax, windowMs: 60_000 }),
    pspName: config.pspName,
    now,
  },
  keys: { network: config.network, directory },
  accounts: { ...sending, ...upstream, network: config.network },
  vpas: { db, handle: config.handle },
  pin: { ...sending, ...upstream },
  payees: { ...sending, ...upstream },
  payments: {
    ...sending,
    db,
    admission,
    hub,
    paymentsPageSizeMax: limits.paymentsPageSizeMax,
    statusChecks: config.statusChecks,
  },
});

const statusChecker = startStatusChecker({
  db,
  log,
  intervalMs: config.statusCheckIntervalMs,
  rules: config.statusChecks,
  now,
  send: (tx, txnId, role) =>
    sendStatusCheck({ ...sending, statusChecks: config.statusChecks }, tx, txnId, role),
});

// In-flight requests finish first (their upstream answers still arrive), then the cleanup and messaging.
await serveService({ config, log, app, db, parts: [statusChecker, idempotencyCleanup, messaging] });
log.info({ participant: config.participant, handle: config.handle, port: config.httpPort }, 'PSP ready');
