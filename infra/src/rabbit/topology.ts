/**
 * The whole RabbitMQ topology, declared once as data (docs/guarantees.md §10) and asserted on
 * every (re)connect by connection.ts.
 *
 * Per participant P (names from contracts/src/routing.ts):
 * - topic exchange `${prefix}P`, alternate exchange `${prefix}unroutable` (fanout → queue of the same name);
 * - quorum work queue `${prefix}P.work` bound with `#`: delivery-limit (poison backstop), at-least-once
 *   dead-lettering to `${prefix}dlx` with routing key = the queue, reject-publish at max-length;
 * - quorum DLQ `${queue}.dlq` bound on the dlx with the work queue's name, bounded (DLQ_LENGTH_MAX messages,
 *   DLQ_BYTES_MAX bytes) with reject-publish: a full DLQ refuses a copy, it never drops one (see below);
 * - quorum retry queues `${queue}.retry.${ms}ms`: per-queue TTL, dead-lettering back to the work queue through
 *   the default exchange (the consumer acks the original after the copy is confirmed, so no TTL-only cycle);
 * - direct exchange `${queue}.copies` (contracts copiesExchangeFor), bound to the work queue, the DLQ and each
 *   retry queue by queue name: the consumer runner's DLQ/retry copies and DLQ replays go through it, so a
 *   participant's broker login needs write on its own copies exchange only, never on the default exchange.
 *
 * Why reject-publish on the DLQ (the guarantee is "nothing is lost"): drop-head would silently discard the
 * oldest dead letter. With reject-publish the runner's copy is nacked, so it requeues the original instead of
 * acking it; after delivery-limit attempts the work queue dead-letters it itself, at-least-once, which keeps
 * it in the work queue until the DLQ has room again. A full DLQ is an incident to drain, not a loss.
 *
 * Once per network: the simulated phone network's topic exchange `${prefix}sms` (routing key = the mobile
 * number). It has no alternate exchange on purpose: an SMS to a number no phone listens on is dropped, as a
 * text to a switched-off phone would be, instead of piling up one-time codes in the unroutable queue.
 *
 * Queue ARGUMENTS, not policies: amqplib cannot set policies, and arguments travel with the code. Changing an
 * argument of an existing queue is a 406 PRECONDITION_FAILED, so a change means new queue names (or deleting
 * the old queues); the delay is part of each retry queue's name for that reason.
 */
import type { Channel, Options } from 'amqplib';
import {
  copiesExchangeFor,
  deadLetterExchange,
  deadLetterQueueFor,
  exchangeFor,
  recipientsOf,
  retryQueueFor,
  roleOf,
  smsExchangeFor,
  unroutableExchange,
  unroutableQueue,
  workQueueFor,
} from '@switchyard/contracts';

export type ExchangeSpec = {
  name: string;
  type: 'topic' | 'fanout' | 'direct';
  options: Options.AssertExchange;
};
export type QueueSpec = { name: string; options: Options.AssertQueue };
export type BindingSpec = { queue: string; exchange: string; pattern: string };

export type Topology = {
  prefix: string;
  participants: string[];
  retryDelaysMs: number[];
  exchanges: ExchangeSpec[];
  queues: QueueSpec[];
  bindings: BindingSpec[];
};

export type TopologyOptions = {
  prefix: string;
  participants: string[];
  retryDelaysMs?: number[];
  /** Quorum delivery-limit: the backstop for consumers that die without acking (no default in 3.x). */
  deliveryLimit?: number;
  /** Work (and retry) queue bound: beyond it publishes are nacked (reject-publish) and the relay retries. */
  workQueueLengthMax?: number;
  /** DLQ bounds (defaults DLQ_LENGTH_MAX, DLQ_BYTES_MAX): beyond them copies are nacked (reject-publish). */
  dlqLengthMax?: number;
  dlqBytesMax?: number;
};

export const RETRY_DELAYS_MS_DEFAULT = [1_000, 10_000, 60_000];
export const DELIVERY_LIMIT_DEFAULT = 5;
export const WORK_QUEUE_LENGTH_MAX_DEFAULT = 100_000;
export const UNROUTABLE_QUEUE_LENGTH_MAX = 100_000;
/** A DLQ's bounds: 50,000 dead letters, or 256 MiB (~2 KB each is typical; an envelope is ≤ 64 KiB). */
export const DLQ_LENGTH_MAX = 50_000;
export const DLQ_BYTES_MAX = 256 * 1024 * 1024;

const quorum = (args: Record<string, unknown>): Options.AssertQueue => ({
  durable: true,
  arguments: { 'x-queue-type': 'quorum', ...args },
});

/** Builds the topology for `participants` under `prefix`. Pure: no broker access. */
export const buildTopology = (o: TopologyOptions): Topology => {
  const retryDelaysMs = o.retryDelaysMs ?? RETRY_DELAYS_MS_DEFAULT;
  const deliveryLimit = o.deliveryLimit ?? DELIVERY_LIMIT_DEFAULT;
  const lengthMax = o.workQueueLengthMax ?? WORK_QUEUE_LENGTH_MAX_DEFAULT;
  const dlx = deadLetterExchange(o.prefix);
  const unroutable = unroutableExchange(o.prefix);
  const exchanges: ExchangeSpec[] = [
    { name: unroutable, type: 'fanout', options: { durable: true } },
    { name: dlx, type: 'direct', options: { durable: true } },
    { name: smsExchangeFor(o.prefix), type: 'topic', options: { durable: true } },
  ];
  const queues: QueueSpec[] = [
    {
      name: unroutableQueue(o.prefix),
      options: quorum({ 'x-max-length': UNROUTABLE_QUEUE_LENGTH_MAX, 'x-overflow': 'reject-publish' }),
    },
  ];
  const bindings: BindingSpec[] = [{ queue: unroutableQueue(o.prefix), exchange: unroutable, pattern: '' }];
  for (const participant of [...new Set(o.participants)]) {
    const exchange = exchangeFor(o.prefix, participant);
    const work = workQueueFor(o.prefix, participant);
    exchanges.push({
      name: exchange,
      type: 'topic',
      options: { durable: true, alternateExchange: unroutable },
    });
    queues.push({
      name: work,
      options: quorum({
        'x-delivery-limit': deliveryLimit,
        'x-dead-letter-exchange': dlx,
        'x-dead-letter-routing-key': work,
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
        'x-max-length': lengthMax,
      }),
    });
    bindings.push({ queue: work, exchange, pattern: '#' });
    const dlq = deadLetterQueueFor(work);
    const copies = copiesExchangeFor(work);
    exchanges.push({ name: copies, type: 'direct', options: { durable: true } });
    queues.push({
      name: dlq,
      options: quorum({
        'x-max-length': o.dlqLengthMax ?? DLQ_LENGTH_MAX,
        'x-max-length-bytes': o.dlqBytesMax ?? DLQ_BYTES_MAX,
        'x-overflow': 'reject-publish',
      }),
    });
    bindings.push({ queue: dlq, exchange: dlx, pattern: work });
    bindings.push({ queue: work, exchange: copies, pattern: work });
    bindings.push({ queue: dlq, exchange: copies, pattern: dlq });
    for (const delayMs of retryDelaysMs) {
      bindings.push({
        queue: retryQueueFor(work, delayMs),
        exchange: copies,
        pattern: retryQueueFor(work, delayMs),
      });
      queues.push({
        name: retryQueueFor(work, delayMs),
        options: quorum({
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': work,
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
          'x-max-length': lengthMax,
        }),
      });
    }
  }
  return {
    prefix: o.prefix,
    participants: [...new Set(o.participants)],
    retryDelaysMs,
    exchanges,
    queues,
    bindings,
  };
};

/**
 * Declares every exchange, queue and binding. Idempotent while the declarations are unchanged.
 * @throws the channel error of the first mismatching declaration (406 PRECONDITION_FAILED); the channel is
 * then closed by the broker.
 */
export const assertTopology = async (channel: Channel, topology: Topology): Promise<void> => {
  for (const exchange of topology.exchanges)
    await channel.assertExchange(exchange.name, exchange.type, exchange.options);
  for (const queue of topology.queues) await channel.assertQueue(queue.name, queue.options);
  for (const binding of topology.bindings)
    await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
};

/** The names one participant's services use: the exchanges they publish to and their own queues. */
export type ParticipantUse = { exchanges: string[]; queues: string[] };

/**
 * What `participant` uses of `topology`: the exchanges of those it may address (contracts permissions.ts) and
 * its own copies exchange; its work queue, DLQ and retry queues. Pure.
 */
/** The roles that send SMS: a PSP (registration codes) and a bank (PIN-set codes). */
const SMS_SENDERS: readonly string[] = ['psp', 'bank'];

export const participantUse = (topology: Topology, participant: string): ParticipantUse => {
  const work = workQueueFor(topology.prefix, participant);
  return {
    exchanges: [
      ...recipientsOf(participant, topology.participants).map((p) => exchangeFor(topology.prefix, p)),
      copiesExchangeFor(work),
      // PSPs and banks text their customers one-time codes (the simulated phone network).
      ...(SMS_SENDERS.includes(roleOf(participant) ?? '') ? [smsExchangeFor(topology.prefix)] : []),
    ],
    queues: [
      work,
      deadLetterQueueFor(work),
      ...topology.retryDelaysMs.map((delayMs) => retryQueueFor(work, delayMs)),
    ],
  };
};

/**
 * Checks, with passive declares (which need no permission), that everything `use` names exists: how a
 * least-privilege login starts and reconnects when the topology is setup's to declare (tools bootstrap).
 * @throws Error naming the first missing exchange or queue (its 404 NOT_FOUND as the cause)
 */
export const checkTopology = async (open: () => Promise<Channel>, use: ParticipantUse): Promise<void> => {
  const names = [
    ...use.exchanges.map((name) => ({ kind: 'exchange', name })),
    ...use.queues.map((name) => ({ kind: 'queue', name })),
  ];
  const channel = await open();
  channel.on('error', () => undefined); // a 404 closes the channel; the rejection below reports it
  try {
    for (const { kind, name } of names) {
      try {
        if (kind === 'exchange') await channel.checkExchange(name);
        else await channel.checkQueue(name);
      } catch (error) {
        throw new Error(
          `RabbitMQ ${kind} ${name} does not exist: declare the topology first (make bootstrap)`,
          {
            cause: error,
          },
        );
      }
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
};

/** Deletes every queue and exchange of the topology (tests clean up with it). Missing ones are fine. */
export const deleteTopology = async (channel: Channel, topology: Topology): Promise<void> => {
  for (const queue of topology.queues) await channel.deleteQueue(queue.name);
  for (const exchange of topology.exchanges) await channel.deleteExchange(exchange.name);
};
