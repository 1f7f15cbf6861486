/**
 * The PSP's composition root (STYLE.md §3.8), the only file that builds concrete infrastructure:
 * config → Postgres (+ migrations) → keys → sealer/opener → messaging (relay + consumer) → HTTP → listen,
 * and a graceful shutdown: stop taking requests and let in-flight ones finish (their upstream answers
 * still arrive) → stop messaging (consumer, relay) → close the pool.
 */
import closeWithGrace from 'close-with-grace';
import { loadParticipantCrypto, newMessageId } from '@switchyard/contracts';
import { createDb, createLogger, migrate, participantsOf } from '@switchyard/infra';
import { createOutbox, outboxMigrations, startMessaging } from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { listInFlightPayments } from './db/paymentsDb.ts';
import { pspMigrations } from './db/pspMigrations.ts';
import { createHandlers } from './handlers/index.ts';
import { buildApp } from './http/app.ts';
import { createAdmission } from './runtime/admission.ts';
import { createDeadLetterTools } from './runtime/deadLetterTools.ts';
import { startIdempotencyCleanup } from './runtime/idempotencyCleanup.ts';
import { createStatusHub } from './runtime/statusHub.ts';
import { createUpstreamWaiters } from './runtime/upstreamWaiters.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });
const limits = config.limits;

await migrate(config.databaseUrl, [outboxMigrations, pspMigrations]);
const db = await createDb(config.databaseUrl, { poolSizeMax: config.dbPoolSizeMax });

const { directory, sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);
const outbox = createOutbox({ sealer, prefix: config.prefix });

const admission = createAdmission({
  inFlightMax: limits.paymentsInFlightMax,
  ageMsMax: limits.paymentInFlightAgeMsMax,
});
for (const pending of await listInFlightPayments(db.pool, limits.paymentInFlightAgeMsMax)) {
  admission.tryAcquire(pending.txnId, pending.createdAt.getTime());
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
  limits,
  info: { ...identity, handle: config.handle },
  health: {
    participant: config.participant,
    db,
    admission,
    hub,
    now,
    healthChecks: { rabbitmq: () => messaging.broker.isConnected() },
  },
  operator: {
    participant: config.participant,
    operatorKey: config.operatorKey,
    admission,
    waiters,
    hub,
    now,
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
  users: { db },
  keys: { network: config.network, directory },
  accounts: { ...sending, ...upstream, network: config.network },
  vpas: { db, handle: config.handle },
  pin: { ...sending, ...upstream },
  payees: { ...sending, ...upstream },
  payments: { ...sending, db, admission, hub, paymentsPageSizeMax: limits.paymentsPageSizeMax },
});

closeWithGrace({ delay: config.shutdownDelayMs, logger: log }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'fatal error: shutting down');
  else log.info({ signal }, 'shutting down');
  await app.close();
  idempotencyCleanup.stop();
  await messaging.stop();
  await db.end();
});

await app.listen({ host: config.httpHost, port: config.httpPort });
log.info({ participant: config.participant, handle: config.handle, port: config.httpPort }, 'PSP ready');
