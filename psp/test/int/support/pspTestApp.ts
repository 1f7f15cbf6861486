/**
 * One PSP (psp.zap) for an integration test file: its own migrated database, in-memory test keys for the
 * whole default network, the real outbox writer (rows only: no relay), the real handlers and the app.
 * `deliver()` runs a handler the way the consumer runner does (one transaction, afterCommit after commit);
 * `takeOutbox()` opens what the PSP sent, with the switch's keys.
 */
import { sql } from 'slonik';
import type { FastifyInstance } from 'fastify';
import {
  createOpener,
  createSealer,
  createTestKeys,
  newMessageId,
  type KeyDirectory,
  type Message,
  type MessageOf,
  type MessageType,
  type TestKeys,
} from '@switchyard/contracts';
import {
  createLogger,
  createSmsSender,
  loadNetwork,
  participantsOf,
  type Db,
  type Log,
  type Network,
  type SmsSender,
  type Tx,
} from '@switchyard/infra';
import {
  createTestBroker,
  createTestDatabase,
  testPrefix,
  testSettings,
  type TestDatabase,
} from '@switchyard/infra/testing';
import {
  createOutbox,
  outboxMigrations,
  type Handlers,
  type MessageContext,
  type Outbox,
} from '@switchyard/outbox';
import type { Limits } from '../../../src/config.ts';
import type { StatusCheckRules } from '../../../src/domain/statusCheck.ts';
import { pspMigrations } from '../../../src/db/pspMigrations.ts';
import { createHandlers } from '../../../src/handlers/index.ts';
import { buildApp } from '../../../src/http/app.ts';
import { createAdmission, type Admission } from '../../../src/runtime/admission.ts';
import { createRateLimiter } from '../../../src/runtime/rateLimiter.ts';
import { createOtpCodes } from '../../../src/users/otpCodes.ts';
import type { DeadLetterTools } from '../../../src/runtime/deadLetterTools.ts';
import { createStatusHub, type StatusHub } from '../../../src/runtime/statusHub.ts';
import { createUpstreamWaiters, type UpstreamWaiters } from '../../../src/runtime/upstreamWaiters.ts';

export const PSP = 'psp.zap';
export const OPERATOR_KEY = 'operator-key-for-tests-0123456789';

export const testLimits = (overrides: Partial<Limits> = {}): Limits => ({
  paymentsInFlightMax: 100,
  paymentsInFlightMin: 100,
  paymentsInFlightPerUserMax: 100,
  // No adaptation unless a spec asks for it: the limit is paymentsInFlightMax, fixed.
  admissionLatencyTargetMs: 0,
  admissionWindowMs: 1_000,
  admissionWindowSamplesMin: 20,
  registrationsPerMobileMax: 50,
  registrationWindowMs: 60_000,
  registrationsPerMinuteMax: 10_000,
  paymentInFlightAgeMsMax: 120_000,
  upstreamTimeoutMs: 3_000,
  upstreamWaitsMax: 50,
  wsConnectionsPerUserMax: 2,
  wsConnectionsMax: 100,
  wsPingIntervalMs: 30_000,
  bodySizeMax: 16_384,
  paymentsPageSizeMax: 50,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  ...overrides,
});

/** The concrete pieces the test app is wired from (what main.ts makes), for specs to inspect or swap. */
type PspTestDeps = {
  participant: string;
  handle: string;
  txnPrefix: string;
  network: Network;
  operatorKey: string;
  limits: Limits;
  db: Db;
  outbox: Outbox;
  directory: KeyDirectory;
  log: Log;
  now: () => Date;
  newMessageId: () => string;
  hub: StatusHub;
  waiters: UpstreamWaiters;
  admission: Admission;
  /** Attached by a spec that runs messaging; the operator routes read it per request. */
  deadLetters?: DeadLetterTools;
  sms: SmsSender;
};

/** An SMS the PSP sent, as the test app's default phone network keeps it (no broker). */
export type SentSms = { to: string; text: string };

export type OutboxMessage = { messageId: string; recipient: string; exchange: string; message: Message };

export type PspTestApp = {
  app: FastifyInstance;
  db: Db;
  database: TestDatabase;
  keys: TestKeys;
  deps: PspTestDeps;
  handlers: Handlers;
  /** The SMS the PSP sent, oldest first, when the test app keeps them itself (not `smsOnBroker`). */
  sms: SentSms[];
  /** With `smsOnBroker`: where the phones connect (app connectPhoneNetwork). */
  phoneNetwork: { amqpUrl: string; prefix: string } | undefined;
  /** The code in the last SMS the PSP sent to `mobile`. @throws Error when there is none */
  lastCodeTo(mobile: string): string;
  /** Runs the handler of `message.type` in a transaction, then its afterCommit callbacks. */
  deliver<T extends MessageType>(message: MessageOf<T>, messageId?: string): Promise<void>;
  /** Removes and opens (switch keys) every outbox row; optionally only those of one type. */
  takeOutbox(type?: MessageType): Promise<OutboxMessage[]>;
  /** Polls the outbox until a row of `type` appears, then takes it. */
  nextOutbox<T extends MessageType>(
    type: T,
    timeoutMs?: number,
  ): Promise<{ messageId: string; message: MessageOf<T> }>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
};

/** Status-check rules of the test app: no minimum delay, 3 checks. */
const STATUS_CHECKS = { delayMinMs: 0, checksMax: 3 };

export type PspTestAppOptions = {
  limits?: Partial<Limits>;
  prefix?: string;
  /**
   * Send the SMS on a real RabbitMQ phone network (its own prefix, dropped at close()), for specs whose
   * phones read them from the broker; by default the test app keeps them in `sms`.
   */
  smsOnBroker?: boolean;
  statusChecks?: StatusCheckRules;
};

export const startPspTestApp = async (options: PspTestAppOptions = {}): Promise<PspTestApp> => {
  const database = await createTestDatabase([outboxMigrations, pspMigrations]);
  const db = database.db;
  const network = loadNetwork();
  const keys = createTestKeys(participantsOf(network));
  const sealer = createSealer(keys.own(PSP), keys.directory);
  const prefix = options.prefix ?? testPrefix();
  const outbox = createOutbox({ sealer, prefix });
  const switchOpener = createOpener(keys.own('switch'), keys.directory);
  const log = createLogger({ name: 'psp-test', level: 'silent' });
  const limits = testLimits(options.limits);
  const sentSms: SentSms[] = [];
  const phoneBroker = options.smsOnBroker ? await createTestBroker({ participants: [] }) : undefined;
  const deps: PspTestDeps = {
    participant: PSP,
    handle: 'zap',
    txnPrefix: 'ZAP',
    network,
    operatorKey: OPERATOR_KEY,
    limits,
    db,
    outbox,
    directory: keys.directory,
    log,
    now: () => new Date(),
    newMessageId,
    hub: createStatusHub({ perUserMax: limits.wsConnectionsPerUserMax, totalMax: limits.wsConnectionsMax }),
    waiters: createUpstreamWaiters({ waitsMax: limits.upstreamWaitsMax }),
    admission: createAdmission({
      inFlightMax: limits.paymentsInFlightMax,
      perUserMax: limits.paymentsInFlightPerUserMax,
      ageMsMax: limits.paymentInFlightAgeMsMax,
      adaptive: {
        latencyTargetMs: limits.admissionLatencyTargetMs,
        inFlightMin: limits.paymentsInFlightMin,
        windowMs: limits.admissionWindowMs,
        windowSamplesMin: limits.admissionWindowSamplesMin,
      },
    }),
    sms:
      phoneBroker === undefined
        ? {
            send: async (message) => {
              sentSms.push(message);
            },
          }
        : createSmsSender({
            broker: phoneBroker.broker,
            prefix: phoneBroker.prefix,
            from: 'ZAP',
            log,
            now: () => new Date(),
          }),
  };
  const handlers = createHandlers(deps);
  const sending = {
    participant: PSP,
    txnPrefix: deps.txnPrefix,
    outbox,
    now: deps.now,
    newMessageId: deps.newMessageId,
  };
  const upstream = { db, waiters: deps.waiters, upstreamTimeoutMs: limits.upstreamTimeoutMs };
  const app = await buildApp({
    log,
    httpLimits: limits,
    info: { participant: PSP, handle: deps.handle, txnPrefix: deps.txnPrefix },
    health: { db },
    gauges: { db, admission: deps.admission, hub: deps.hub, now: deps.now },
    // The deps object itself, so that a spec can attach deadLetters after starting messaging.
    operator: deps,
    ws: {
      hub: deps.hub,
      wsConnectionsPerUserMax: limits.wsConnectionsPerUserMax,
      wsPingIntervalMs: limits.wsPingIntervalMs,
    },
    users: {
      db,
      sms: { send: (message) => deps.sms.send(message) }, // read per send: a spec may swap deps.sms
      otpCodes: createOtpCodes(16), // tests: a cheap scrypt
      registrationsPerMobile: createRateLimiter({
        limit: limits.registrationsPerMobileMax,
        windowMs: limits.registrationWindowMs,
      }),
      registrationsOverall: createRateLimiter({ limit: limits.registrationsPerMinuteMax, windowMs: 60_000 }),
      pspName: 'ZapPay',
      now: () => deps.now(),
    },
    keys: { network, directory: keys.directory },
    accounts: { ...sending, ...upstream, network },
    vpas: { db, handle: deps.handle },
    pin: { ...sending, ...upstream },
    payees: { ...sending, ...upstream },
    payments: {
      ...sending,
      db,
      admission: deps.admission,
      hub: deps.hub,
      paymentsPageSizeMax: limits.paymentsPageSizeMax,
      statusChecks: options.statusChecks ?? STATUS_CHECKS,
    },
  });

  const deliver = async <T extends MessageType>(
    message: MessageOf<T>,
    messageId: string = newMessageId(),
  ): Promise<void> => {
    const entry = handlers[message.type as T];
    if (!entry) throw new Error(`no handler for ${message.type}`);
    const after: (() => void)[] = [];
    const context: MessageContext = {
      messageId,
      type: message.type,
      sender: 'switch',
      correlationId: undefined,
      deliveryCount: 0,
      redelivered: false,
      afterCommit: (fn) => {
        after.push(fn);
      },
    };
    await db.transaction((tx: Tx) => entry.handle(tx, message as never, context));
    for (const fn of after) fn();
  };

  const takeOutbox = async (type?: MessageType): Promise<OutboxMessage[]> => {
    const filter = type === undefined ? sql.fragment`` : sql.fragment`WHERE message_type = ${type}`;
    const rows = (await db.pool.any(sql.unsafe`
      DELETE FROM outbox ${filter} RETURNING message_id, exchange, body, seq`)) as {
      message_id: string;
      exchange: string;
      body: Buffer;
      seq: number;
    }[];
    return rows
      .sort((a, b) => a.seq - b.seq)
      .map((row) => {
        const opened = switchOpener.open({ body: row.body, amqpMessageId: row.message_id, now: new Date() });
        if (!opened.ok)
          throw new Error(`outbox row ${row.message_id} does not open: ${opened.reason} ${opened.detail}`);
        return {
          messageId: row.message_id,
          recipient: opened.opened.headers.recipient,
          exchange: row.exchange,
          message: opened.opened.message,
        };
      });
  };

  const nextOutbox = async <T extends MessageType>(type: T, timeoutMs = 3_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [found] = await takeOutbox(type);
      if (found) return { messageId: found.messageId, message: found.message as MessageOf<T> };
      if (Date.now() > deadline) throw new Error(`no ${type} in the outbox within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return {
    app,
    db,
    database,
    keys,
    deps,
    handlers,
    sms: sentSms,
    phoneNetwork:
      phoneBroker === undefined ? undefined : { amqpUrl: testSettings().amqpUrl, prefix: phoneBroker.prefix },
    lastCodeTo(mobile) {
      const text = sentSms.findLast((message) => message.to === mobile)?.text;
      const code = /\b([0-9]{6})\b/.exec(text ?? '')?.[1];
      if (code === undefined) throw new Error(`no code was sent to ${mobile}`);
      return code;
    },
    deliver,
    takeOutbox,
    nextOutbox,
    count: async (table) =>
      (await db.pool.oneFirst(sql.unsafe`SELECT count(*)::int8 FROM ${sql.identifier([table])}`)) as number,
    async close() {
      await app.close();
      await database.drop();
      await phoneBroker?.drop();
    },
  };
};
