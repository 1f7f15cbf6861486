/**
 * The bank's composition root (STYLE.md §3.8), the only file that builds concrete infrastructure:
 * config → migrations → Postgres → keys → sealer/opener → handlers → messaging (relay + consumer) → HTTP →
 * listen. Shutdown (SIGTERM/SIGINT or a fatal error, bounded by close-with-grace): stop HTTP → stop
 * messaging (cancel the consumer, let in-flight handlers commit and ack, stop the relay) → close the pool.
 */
import closeWithGrace from 'close-with-grace';
import { loadParticipantCrypto } from '@switchyard/contracts';
import {
  createDb,
  createLogger,
  metricsContentType,
  metricsText,
  migrate,
  participantsOf,
} from '@switchyard/infra';
import { createOutbox, outboxMigrations, startMessaging } from '@switchyard/outbox';
import { loadConfig } from './config.ts';
import { bankMigrations } from './db/bankMigrations.ts';
import { createHandlers } from './handlers/index.ts';
import { createCredsReader } from './hsm/credsReader.ts';
import { createPinHasher } from './hsm/pinHasher.ts';
import { buildApp } from './http/app.ts';

const config = loadConfig();
const log = createLogger({ name: config.participant, level: config.logLevel });

await migrate(config.databaseUrl, [outboxMigrations, bankMigrations]);
const db = await createDb(config.databaseUrl, { poolSizeMax: config.dbPoolSizeMax });

const { own, sealer, opener } = loadParticipantCrypto(config.keysDir, config.participant);
const outbox = createOutbox({ sealer, prefix: config.prefix });

const handlers = createHandlers({
  participant: config.participant,
  outbox,
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
  log,
  prefetch: config.prefetch,
});

const app = buildApp({
  db,
  log,
  participant: config.participant,
  operatorKey: config.operatorKey,
  metrics: { text: metricsText, contentType: metricsContentType },
  healthChecks: { rabbitmq: () => messaging.broker.isConnected() },
  limits: {
    bodyBytesMax: config.bodySizeMax,
    requestTimeoutMs: config.requestTimeoutMs,
    connectionTimeoutMs: config.connectionTimeoutMs,
  },
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
  { participant: config.participant, ifscPrefix: config.ifscPrefix, port: config.httpPort },
  'bank ready',
);
