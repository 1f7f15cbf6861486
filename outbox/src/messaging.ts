/**
 * startMessaging: everything a service needs for reliable messaging, in one call from its main.ts — the
 * broker connection (topology asserted, or for a least-privilege login checked, on every reconnect), the outbox writer, deadlines, the relay, the
 * consumer runner for the participant's work queue, inbox cleanup and (switch only) the deadline sweeper; and
 * a warning at start when autovacuum will not clean the outbox's tables (vacuumCheck.ts).
 *
 * stop() order: cancel the subscription → wait for in-flight handlers (they still ack) → stop relay,
 * sweeper and cleanup → close the AMQP connection. The caller ends its Db pool afterwards.
 */
import type { Opener, Sealer } from '@switchyard/contracts';
import {
  buildTopology,
  connectBroker,
  type Broker,
  type Db,
  type FaultPoints,
  type Log,
} from '@switchyard/infra';
import { startConsumer } from './consumerRunner.ts';
import type { FaultInjector } from './faults/faultInjector.ts';
import { startDeadlineSweeper } from './deadlineSweeper.ts';
import { createDeadlines } from './deadlines.ts';
import { createOutbox } from './enqueue.ts';
import { startInboxCleanup } from './inboxCleanup.ts';
import { startRelay } from './relay.ts';
import type { InvalidRequestHandler } from './invalidRequests.ts';
import type { Deadlines, Handlers, Outbox } from './types.ts';
import { warnWhenAutovacuumOff } from './vacuumCheck.ts';

export type MessagingOptions = {
  participant: string;
  prefix: string;
  db: Db;
  amqpUrl: string;
  sealer: Sealer;
  opener: Opener;
  handlers: Handlers;
  /** Only the switch passes this: it answers authentic but invalid requests instead of dead-lettering them. */
  invalidRequests?: InvalidRequestHandler;
  /** Every participant of the network (exchanges and queues are declared for all); `participant` is added. */
  participants: string[];
  /**
   * true (default): declare the whole topology on every (re)connect — an admin login (tests). false: declare
   * nothing and only check what this participant uses — how services run, with their own least-privilege
   * broker login, the topology being setup's (tools bootstrap).
   */
  declareTopology?: boolean;
  log: Log;
  prefetch?: number;
  /** Deliveries handled in one shared transaction at most (consumerRunner.ts). */
  consumerBatchSizeMax?: number;
  /** Transactions the consumer runs at once, one per lane (consumerRunner.ts). */
  consumerLanes?: number;
  retryDelaysMs?: number[];
  retryAttemptsMax?: number;
  deliveryLimit?: number;
  workQueueLengthMax?: number;
  relayBatchSizeMax?: number;
  relayPollMs?: number;
  confirmTimeoutMs?: number;
  publishAttemptsMax?: number;
  /** Only the switch passes this: it owns the payment timers. */
  sweeper?: { intervalMs: number; graceMs: number };
  inboxRetentionMs?: number;
  inboxCleanupIntervalMs?: number;
  /** Tests only. */
  faults?: FaultPoints;
  /** Failure injection (docs/failures.md), handed to the consumer runner. */
  injector?: FaultInjector;
};

export type Messaging = { outbox: Outbox; deadlines: Deadlines; broker: Broker; stop(): Promise<void> };

/**
 * Connects and starts every worker.
 * @throws the broker connection error when RabbitMQ cannot be reached at startup
 */
export const startMessaging = async (o: MessagingOptions): Promise<Messaging> => {
  const log = o.log.child({ participant: o.participant });
  await warnWhenAutovacuumOff(o.db, log);
  const topology = buildTopology({
    prefix: o.prefix,
    participants: [...new Set([o.participant, ...o.participants])],
    retryDelaysMs: o.retryDelaysMs,
    deliveryLimit: o.deliveryLimit,
    workQueueLengthMax: o.workQueueLengthMax,
  });
  const broker = await connectBroker({
    url: o.amqpUrl,
    topology,
    log,
    name: o.participant,
    checkOnlyFor: o.declareTopology === false ? o.participant : undefined,
  });
  const common = { participant: o.participant, db: o.db, log };
  const relay = startRelay({
    ...common,
    broker,
    batchSizeMax: o.relayBatchSizeMax,
    pollMs: o.relayPollMs,
    confirmTimeoutMs: o.confirmTimeoutMs,
    publishAttemptsMax: o.publishAttemptsMax,
    sealer: o.sealer,
    faults: o.faults,
  });
  const consumer = await startConsumer({
    ...common,
    prefix: o.prefix,
    broker,
    opener: o.opener,
    handlers: o.handlers,
    invalidRequests: o.invalidRequests,
    prefetch: o.prefetch,
    batchSizeMax: o.consumerBatchSizeMax,
    lanes: o.consumerLanes,
    retryAttemptsMax: o.retryAttemptsMax,
    confirmTimeoutMs: o.confirmTimeoutMs,
    faults: o.faults,
    injector: o.injector,
  }).catch(async (error: unknown) => {
    await relay.stop();
    await broker.close();
    throw error;
  });
  const sweeper = o.sweeper
    ? startDeadlineSweeper({ ...common, ...o.sweeper, sealer: o.sealer, prefix: o.prefix })
    : undefined;
  const cleanup = startInboxCleanup({
    ...common,
    retentionMs: o.inboxRetentionMs,
    intervalMs: o.inboxCleanupIntervalMs,
  });
  return {
    outbox: createOutbox({ sealer: o.sealer, prefix: o.prefix }),
    deadlines: createDeadlines(),
    broker,
    async stop() {
      await consumer.stop();
      await Promise.all([relay.stop(), sweeper?.stop(), cleanup.stop()]);
      await broker.close();
    },
  };
};
