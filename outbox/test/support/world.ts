/**
 * A small messaging world for the outbox integration tests: its own database (outbox tables + the test
 * `effects` table), its own RabbitMQ prefix and topology, test keys for a sender (psp.test) and a recipient
 * (switch.test), and a recipient handler whose only effect is one `effects` row — so exactly-once is a count.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'slonik';
import {
  amqpHeadersFor,
  createOpener,
  createSealer,
  createTestKeys,
  isoTimestamp,
  newMessageId,
  newTxnId,
  type Message,
  type ReqChkTxn,
  type TestKeys,
} from '@switchyard/contracts';
import type { Db, Log, TopologyOptions, Tx } from '@switchyard/infra';
import {
  createTestBroker,
  createTestDatabase,
  testLog,
  type FaultPoints,
  type TestBroker,
  type TestDatabase,
} from '@switchyard/infra/testing';
import {
  createOutbox,
  outboxMigrations,
  startConsumer,
  startRelay,
  type Consumer,
  type Handlers,
  type MessageContext,
  type Outbox,
  type Relay,
  type RelayOptions,
  type ConsumerOptions,
} from '../../src/index.ts';

export const SENDER = 'psp.test';
// A switch: the consumer runner refuses what the permissions table forbids (contracts permissions.ts), and a
// PSP may send ReqChkTxn to the switch, which may arm timers for itself.
export const RECIPIENT = 'switch.test';
export const CONSUMER_NAME = 'switch.test.onReqChkTxn';
export const TIMEOUT_CONSUMER_NAME = 'switch.test.onTimeoutElapsed';
/** A second PSP: it has keys (world.keys) but no queues — a sender only. */
export const OTHER_SENDER = 'psp.other';

export const effectsMigrations = {
  name: 'outbox-test-effects',
  dir: fileURLToPath(new URL('../fixtures/migrations', import.meta.url)),
};

/** Called inside the handler's transaction before the effect row is written. */
export type Behaviour = (tx: Tx, message: ReqChkTxn, context: MessageContext) => Promise<void>;

export type World = {
  prefix: string;
  database: TestDatabase;
  db: Db;
  rabbit: TestBroker;
  keys: TestKeys;
  log: Log;
  outbox: Outbox;
  /** Seals + enqueues `count` ReqChkTxn messages from SENDER to RECIPIENT, one transaction. */
  send(count?: number): Promise<string[]>;
  message(messageId: string): Message;
  /** The sealed body + AMQP headers of a ReqChkTxn from SENDER to RECIPIENT, without the outbox. */
  seal(messageId: string): { body: Buffer; headers: Record<string, string | number> };
  handlers(behaviour?: Behaviour): Handlers;
  startRelay(options?: Partial<RelayOptions>): Relay;
  startConsumer(options?: Partial<ConsumerOptions> & { behaviour?: Behaviour }): Promise<Consumer>;
  /** message_id → number of effect rows. */
  effects(): Promise<Map<string, number>>;
  /**
   * What SENDER's relay leader session is doing (pg_stat_activity state): 'idle in transaction' while a claim
   * is open on it, 'idle' between claims — how a fault hook tells the claim path from the fast path.
   */
  relaySessionState(): Promise<string | undefined>;
  drop(): Promise<void>;
};

export const chkTxn = (messageId: string, now = new Date()): ReqChkTxn => ({
  type: 'upi.ReqChkTxn.v1',
  head: { ver: '2.0', ts: isoTimestamp(now), orgId: SENDER, msgId: messageId },
  txn: {
    id: newTxnId('TST'),
    ts: isoTimestamp(now),
    type: 'ChkTxn',
    orgTxnId: newTxnId('TST'),
    orgTxnDate: '2026-11-21',
  },
});

export const until = async (
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const createWorld = async (
  o: Partial<Omit<TopologyOptions, 'participants'>> & { faults?: FaultPoints; log?: Log } = {},
): Promise<World> => {
  const log = o.log ?? testLog();
  const database = await createTestDatabase([outboxMigrations, effectsMigrations]);
  const rabbit = await createTestBroker({ ...o, participants: [SENDER, RECIPIENT], log });
  const keys = createTestKeys([SENDER, OTHER_SENDER, RECIPIENT]);
  const sealer = createSealer(keys.own(SENDER), keys.directory);
  const outbox = createOutbox({ sealer, prefix: rabbit.prefix });
  const stoppers: Array<() => Promise<void>> = [];
  const handlers = (behaviour?: Behaviour): Handlers => ({
    'upi.ReqChkTxn.v1': {
      name: CONSUMER_NAME,
      async handle(tx, message, context) {
        if (behaviour) await behaviour(tx, message, context);
        await tx.query(
          sql.unsafe`INSERT INTO effects (message_id, consumer) VALUES (${context.messageId}, ${CONSUMER_NAME})`,
        );
      },
    },
    'switch.TimeoutElapsed.v1': {
      name: TIMEOUT_CONSUMER_NAME,
      async handle(tx, _message, context) {
        await tx.query(
          sql.unsafe`INSERT INTO effects (message_id, consumer) VALUES (${context.messageId}, ${TIMEOUT_CONSUMER_NAME})`,
        );
      },
    },
  });
  return {
    prefix: rabbit.prefix,
    database,
    db: database.db,
    rabbit,
    keys,
    log,
    outbox,
    message: (messageId) => chkTxn(messageId),
    seal(messageId) {
      const sealed = sealer.seal({
        recipient: RECIPIENT,
        message: chkTxn(messageId),
        messageId,
        now: new Date(),
      });
      return { body: sealed.body, headers: amqpHeadersFor(sealed.headers) };
    },
    async send(count = 1) {
      const ids = Array.from({ length: count }, () => newMessageId());
      await database.db.transaction(async (tx) => {
        for (const id of ids)
          await outbox.enqueue(tx, { recipient: RECIPIENT, message: chkTxn(id), messageId: id });
      });
      return ids;
    },
    handlers,
    startRelay(options = {}) {
      const relay = startRelay({
        participant: SENDER,
        db: database.db,
        broker: rabbit.broker,
        log,
        pollMs: 200,
        ...options,
      });
      stoppers.push(() => relay.stop());
      return relay;
    },
    async startConsumer(options = {}) {
      const consumer = await startConsumer({
        participant: RECIPIENT,
        prefix: rabbit.prefix,
        db: database.db,
        broker: rabbit.broker,
        opener: createOpener(keys.own(RECIPIENT), keys.directory),
        handlers: handlers(options.behaviour),
        log,
        ...options,
      });
      stoppers.push(() => consumer.stop());
      return consumer;
    },
    async effects() {
      const rows = (await database.db.pool.any(
        sql.unsafe`SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id`,
      )) as Array<{
        message_id: string;
        n: number;
      }>;
      return new Map(rows.map((row) => [row.message_id, row.n]));
    },
    async relaySessionState() {
      // The session holding the leader's advisory lock (a relay just stopped may linger in the list a moment).
      const state = await database.db.pool.maybeOneFirst(sql.unsafe`
        SELECT a.state FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE a.datname = current_database() AND a.application_name = ${`outbox-relay:${SENDER}`}
          AND l.locktype = 'advisory' AND l.granted`);
      return (state as string | null) ?? undefined;
    },
    async drop() {
      for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
      try {
        await rabbit.drop();
      } finally {
        await database.drop();
      }
    },
  };
};

/**
 * Whatever a test starts (consumers, relays) is stopped after it, pass or fail, so one failure cannot spill
 * into the next: `const started = stopAfterEach(); … started.track(await world.startConsumer())`.
 */
export const stopAfterEach = (): { track<T extends { stop(): Promise<void> }>(component: T): T } => {
  const running: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const component of running.splice(0)) await component.stop();
  });
  return {
    track(component) {
      running.push(component);
      return component;
    },
  };
};
