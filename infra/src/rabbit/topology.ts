/**
 * The whole RabbitMQ topology, declared once as data (docs/guarantees.md §10) and asserted on
 * every (re)connect by connection.ts.
 *
 * Per participant P (names from contracts/src/routing.ts):
 * - topic exchange `${prefix}P`, alternate exchange `${prefix}unroutable` (fanout → queue of the same name);
 * - quorum work queue `${prefix}P.work` bound with `#`: delivery-limit (poison backstop), at-least-once
 *   dead-lettering to `${prefix}dlx` with routing key = the queue, reject-publish at max-length;
 * - quorum DLQ `${queue}.dlq` bound on the dlx with the work queue's name;
 * - quorum retry queues `${queue}.retry.${ms}ms`: per-queue TTL, dead-lettering back to the work queue through
 *   the default exchange (the consumer acks the original after the copy is confirmed, so no TTL-only cycle).
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
  deadLetterExchange,
  deadLetterQueueFor,
  exchangeFor,
  retryQueueFor,
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
};

export const RETRY_DELAYS_MS_DEFAULT = [1_000, 10_000, 60_000];
export const DELIVERY_LIMIT_DEFAULT = 5;
export const WORK_QUEUE_LENGTH_MAX_DEFAULT = 100_000;
export const UNROUTABLE_QUEUE_LENGTH_MAX = 100_000;

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
    queues.push({ name: deadLetterQueueFor(work), options: quorum({}) });
    bindings.push({ queue: deadLetterQueueFor(work), exchange: dlx, pattern: work });
    for (const delayMs of retryDelaysMs) {
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

/** Deletes every queue and exchange of the topology (tests clean up with it). Missing ones are fine. */
export const deleteTopology = async (channel: Channel, topology: Topology): Promise<void> => {
  for (const queue of topology.queues) await channel.deleteQueue(queue.name);
  for (const exchange of topology.exchanges) await channel.deleteExchange(exchange.name);
};
