/**
 * The consumer runner (docs/guarantees.md §4) for one participant's work queue:
 *
 *   open the envelope ──fail──▶ copy to the DLQ (x-dead-reason = why), confirmed, THEN ack
 *        │ ok
 *   may the sender send this type to us? (permitted.ts) ──no──▶ DLQ `not_allowed`
 *        │ yes
 *   db.transaction: recordInbox (consumer, sender, message id) FIRST ──duplicate──▶ nothing (commit, ack)
 *        │ new
 *   handler(tx, message, context) ──PermanentError──▶ DLQ │ other error ──▶ retry queue (attempt k) or DLQ
 *        │
 *   COMMIT → afterCommit callbacks → ack
 *
 * Several deliveries share one transaction (group commit). Deliveries go into `lanes` by their txn id
 * (correlationId; the message id when there is none), so one payment's messages always meet in one lane, in
 * arrival order. A lane runs one transaction at a time; deliveries that become ready while it runs wait and
 * then go together, up to batchSizeMax, all their inbox rows first (one statement), in the order of their
 * txn ids. Lanes run side by side: a payment row is only ever locked by one lane, so lanes never wait on
 * each other's payment rows; rows shared by different payments (a bank account) can still deadlock two
 * lanes — Postgres breaks it, slonik retries, and if that fails too the fallback below runs.
 * If the shared transaction fails for any reason it is rolled back whole and each of its deliveries is
 * handled again alone, exactly as above — so a poison message costs its neighbours a retry, never a loss or
 * a double effect. A lone delivery (the usual case under light load) goes straight to its own transaction.
 *
 * Copies go through the participant's copies exchange (copyDelivery.ts), never the default exchange. The ack
 * only ever follows the commit, so a crash in between means a redelivery that the inbox recognises.
 * Channels and the subscription are recreated after every reconnect (broker.onConnect); a delivery from a
 * channel that has died is never acked on another one (delivery tags are per channel) — it is redelivered.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import {
  copiesExchangeFor,
  workQueueFor,
  type EnvelopeHeaders,
  type Message,
  type Opener,
} from '@switchyard/contracts';
import {
  createConfirmPublisher,
  hitFaultPoint,
  isSimulatedCrash,
  withLogContext,
  type Broker,
  type ConfirmPublisher,
  type Db,
  type FaultPoints,
  type Log,
  type Tx,
} from '@switchyard/infra';
import { copyDelivery, type CopyTarget } from './copyDelivery.ts';
import { decideFailure, describeError } from './deliveryFailure.ts';
import { faultCopyTarget, isFaultCopy } from './faults/faultCopy.ts';
import type { FaultInjector } from './faults/faultInjector.ts';
import { recordInbox, recordInboxes } from './inbox.ts';
import { invalidRequestEntry, type InvalidRequestHandler } from './invalidRequests.ts';
import { messagingMetrics } from './metrics.ts';
import { refusalOf } from './permitted.ts';
import type { Handler, HandlerEntry, Handlers, MessageContext } from './types.ts';

export type ConsumerOptions = {
  participant: string;
  prefix: string;
  db: Db;
  broker: Broker;
  opener: Opener;
  handlers: Handlers;
  /** Answers authentic requests whose content is invalid, instead of dead-lettering them (invalidRequests.ts). */
  invalidRequests?: InvalidRequestHandler;
  log: Log;
  prefetch?: number;
  /** Must be the topology's retry delays (one retry queue per delay); defaults to them. */
  retryDelaysMs?: number[];
  retryAttemptsMax?: number;
  confirmTimeoutMs?: number;
  faults?: FaultPoints;
  /** Failure injection (docs/failures.md): asked once per opened delivery, before its transaction. */
  injector?: FaultInjector;
  /** Most deliveries handled in one transaction (1 = one transaction per delivery). */
  batchSizeMax?: number;
  /** Lanes: at most this many of the consumer's transactions run at once, one per lane. */
  lanes?: number;
  now?: () => Date;
};

export type Consumer = { stop(): Promise<void> };

type Session = { channel: Channel; publisher: ConfirmPublisher };

/** An opened, permitted delivery with its handler decided, waiting for (or in) a transaction. */
type Ready = {
  session: Session;
  delivery: ConsumeMessage;
  headers: EnvelopeHeaders;
  message: Message;
  entry: HandlerEntry<Message['type']>;
  handle: Handler<Message>;
  context: MessageContext;
  /** What the handler registered with afterCommit in the current attempt. */
  callbacks: Array<() => void>;
  duplicate: boolean;
  settled: () => void;
};

export const CONSUMER_DEFAULTS = {
  prefetch: 50,
  retryAttemptsMax: 3,
  confirmTimeoutMs: 5_000,
  batchSizeMax: 20,
  lanes: 4,
};

type Lane = { waiting: Ready[]; running: boolean };

/** FNV-1a: a cheap, stable spread of txn ids over lanes. */
const laneIndexOf = (key: string, lanes: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
};

/** Stable order by txn id: one payment's messages keep their arrival order, different payments lock in one order. */
const byTxnId = (a: Ready, b: Ready): number => {
  const x = a.headers.correlationId ?? '';
  const y = b.headers.correlationId ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

export const startConsumer = async (o: ConsumerOptions): Promise<Consumer> => {
  const log = o.log.child({ component: 'consumer' });
  const queue = workQueueFor(o.prefix, o.participant);
  const copies = copiesExchangeFor(queue);
  const retryDelaysMs = o.retryDelaysMs ?? o.broker.topology.retryDelaysMs;
  const retryAttemptsMax = o.retryAttemptsMax ?? CONSUMER_DEFAULTS.retryAttemptsMax;
  const confirmTimeoutMs = o.confirmTimeoutMs ?? CONSUMER_DEFAULTS.confirmTimeoutMs;
  const now = o.now ?? (() => new Date());
  const batchSizeMax = o.batchSizeMax ?? CONSUMER_DEFAULTS.batchSizeMax;
  const lanes: Lane[] = Array.from({ length: o.lanes ?? CONSUMER_DEFAULTS.lanes }, () => ({
    waiting: [],
    running: false,
  }));
  const inFlight = new Set<Promise<void>>();
  let current: (Session & { consumerTag: string }) | undefined;
  // Deliveries can start (and crash) before onConnect() returns: a holder, not a later-assigned const.
  const registration: { unregister?: () => void } = {};
  let stopping = false;
  let crashed = false;

  const ack = (session: Session, delivery: ConsumeMessage): void => {
    try {
      session.channel.ack(delivery);
    } catch {
      // The channel died since the delivery: the broker requeued it and will redeliver it.
    }
  };

  /** The session's confirm channel, reopened if it died; waits at most confirmTimeoutMs for a connection. */
  const publisherFor = async (session: Session): Promise<ConfirmPublisher> => {
    if (session.publisher.isOpen()) return session.publisher;
    const opening = o.broker.createConfirmChannel();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no broker connection')), confirmTimeoutMs);
    });
    try {
      session.publisher = createConfirmPublisher(await Promise.race([opening, timeout]));
    } catch (error) {
      void opening.then((late) => late.close()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return session.publisher;
  };

  /**
   * Copies the delivery to the DLQ or a retry queue and acks the original only once the copy is confirmed:
   * killed (kill -9) between the two, the original is still unacked and comes back — a duplicate copy at
   * worst, never a lost message. An unconfirmed copy requeues the original instead.
   */
  const copyThenAck = async (
    session: Session,
    delivery: ConsumeMessage,
    target: CopyTarget,
  ): Promise<boolean> => {
    const outcome = await publisherFor(session)
      .then((publisher) => copyDelivery(publisher, delivery, target, confirmTimeoutMs))
      .catch(() => 'closed' as const);
    if (outcome === 'confirmed') ack(session, delivery);
    else {
      log.warn({ outcome, queue: target.queue }, 'copy not confirmed: requeueing the delivery');
      try {
        session.channel.nack(delivery, false, true);
      } catch {
        // channel gone: requeued by the broker already
      }
    }
    return outcome === 'confirmed';
  };

  const deadLetter = async (
    session: Session,
    delivery: ConsumeMessage,
    reason: string,
    detail: string,
  ): Promise<void> => {
    const headers = { 'x-dead-reason': reason, 'x-dead-detail': detail.slice(0, 500), 'x-dead-queue': queue };
    if (await copyThenAck(session, delivery, { exchange: copies, queue: `${queue}.dlq`, headers })) {
      messagingMetrics.consumerDeadLetteredTotal.inc({ participant: o.participant, reason });
      log.warn({ reason, detail, messageId: delivery.properties.messageId }, 'delivery dead-lettered');
    }
  };

  const fail = async (session: Session, delivery: ConsumeMessage, error: unknown): Promise<void> => {
    const attempt = Number(delivery.properties.headers?.['x-retry-attempt'] ?? 0);
    const decision = decideFailure(error, attempt, retryDelaysMs, retryAttemptsMax);
    if (decision.kind === 'dead_letter')
      return deadLetter(session, delivery, decision.reason, decision.detail);
    log.warn(
      { err: error, attempt: decision.attempt, delayMs: decision.delayMs },
      'handler failed: retrying later',
    );
    const headers = { 'x-retry-attempt': decision.attempt, 'x-last-error': decision.detail };
    if (
      await copyThenAck(session, delivery, {
        exchange: copies,
        queue: `${queue}.retry.${decision.delayMs}ms`,
        headers,
        stripDeaths: true,
      })
    ) {
      messagingMetrics.consumerRetriedTotal.inc({ participant: o.participant });
    }
  };

  /**
   * Dies like a killed process: the channel the delivery came on closes without acks, so the broker requeues
   * what it delivered. It closes THAT session, not `current`: stop() may have run meanwhile (a test that saw
   * the fault fire stops the consumer while the rollback is still on its way) and cleared `current` — the
   * session's channel, its subscription cancelled, would then hold the unacked delivery for good.
   */
  const crash = async (session: Session): Promise<void> => {
    if (crashed) return;
    crashed = true;
    registration.unregister?.();
    log.warn('consumer crashed (simulated)');
    if (current?.channel === session.channel) current = undefined;
    await session.channel.close().catch(() => undefined);
    await session.publisher.close();
  };

  const inboxEntryOf = (item: Ready) => ({
    consumer: item.entry.name,
    sender: item.headers.sender,
    messageId: item.headers.messageId,
    messageType: item.message.type,
    correlationId: item.headers.correlationId,
  });

  /** The inbox row first, then the handler — inside the transaction `tx`, for one delivery. */
  const handleInTx = async (tx: Tx, item: Ready): Promise<void> => {
    if (!(await recordInbox(tx, inboxEntryOf(item)))) {
      item.duplicate = true;
      return;
    }
    await item.handle(tx, item.message, item.context);
  };

  const logContextOf = (item: Ready) => ({
    correlationId: item.headers.correlationId,
    messageId: item.headers.messageId,
  });

  /** After the commit: log, afterCommit callbacks, then the acks (each delivery's own channel). */
  const finish = async (items: readonly Ready[]): Promise<void> => {
    for (const item of items)
      withLogContext(logContextOf(item), () => {
        if (item.duplicate) {
          messagingMetrics.inboxDuplicatesTotal.inc({
            participant: o.participant,
            consumer: item.entry.name,
          });
          log.info({ consumer: item.entry.name }, 'duplicate delivery skipped');
        } else
          log.info(
            { type: item.message.type, sender: item.headers.sender },
            `handled ${item.message.type} from ${item.headers.sender}`,
          );
        for (const callback of item.callbacks) {
          try {
            callback();
          } catch (error) {
            log.error({ err: error }, 'afterCommit callback failed');
          }
        }
      });
    try {
      await hitFaultPoint(o.faults, 'consumerAfterCommitBeforeAck', { messageIds: idsOf(items) });
    } catch (error) {
      if (isSimulatedCrash(error)) return crashAll(items);
      throw error;
    }
    for (const item of items) ack(item.session, item.delivery);
  };

  const idsOf = (items: readonly Ready[]): string[] => items.map((item) => item.headers.messageId);

  const crashAll = async (items: readonly Ready[]): Promise<void> => {
    for (const session of new Set(items.map((item) => item.session))) await crash(session);
  };

  /** One delivery in its own transaction: the usual path, and the fallback for a batch that failed. */
  const runAlone = async (item: Ready): Promise<void> => {
    try {
      await o.db.transaction(async (tx) => {
        // slonik re-runs this callback on 40001/40P01: forget whatever the previous attempt collected.
        item.callbacks = [];
        item.duplicate = false;
        await handleInTx(tx, item);
        await hitFaultPoint(o.faults, 'consumerBeforeCommit', { messageIds: idsOf([item]) });
      });
    } catch (error) {
      if (isSimulatedCrash(error)) return crash(item.session);
      return fail(item.session, item.delivery, error);
    }
    await finish([item]);
  };

  /** Several deliveries in one transaction; if it fails, each again alone. */
  const runBatch = async (batch: readonly Ready[]): Promise<void> => {
    if (crashed) return; // a dead process handles nothing more: the broker redelivers
    if (batch.length === 1) return withLogContext(logContextOf(batch[0]), () => runAlone(batch[0]));
    const ordered = [...batch].sort(byTxnId);
    try {
      await o.db.transaction(async (tx) => {
        for (const item of ordered) {
          item.callbacks = [];
          item.duplicate = false;
        }
        // Every inbox row first, in one statement; then each new delivery's handler, in order.
        const fresh = await recordInboxes(tx, ordered.map(inboxEntryOf));
        for (const [index, item] of ordered.entries()) {
          if (!fresh[index]) item.duplicate = true;
          else await withLogContext(logContextOf(item), () => item.handle(tx, item.message, item.context));
        }
        await hitFaultPoint(o.faults, 'consumerBeforeCommit', { messageIds: idsOf(ordered) });
      });
    } catch (error) {
      if (isSimulatedCrash(error)) return crashAll(ordered);
      messagingMetrics.consumerBatchFallbacksTotal.inc({ participant: o.participant });
      log.info(
        { err: describeError(error), deliveries: ordered.length },
        'shared transaction failed: handling its deliveries one by one',
      );
      for (const item of ordered) await withLogContext(logContextOf(item), () => runAlone(item));
      return;
    }
    messagingMetrics.consumerBatchSize.observe({ participant: o.participant }, ordered.length);
    await finish(ordered);
  };

  /** Starts the lane's next transaction, with what waits in it, unless one runs. */
  const pump = (lane: Lane): void => {
    if (lane.running || lane.waiting.length === 0) return;
    const batch = lane.waiting.splice(0, batchSizeMax);
    lane.running = true;
    void runBatch(batch)
      .catch((error: unknown) => log.error({ err: describeError(error) }, 'delivery handling failed'))
      .finally(() => {
        lane.running = false;
        for (const item of batch) item.settled();
        pump(lane);
      });
  };

  const handleOpened = async (
    session: Session,
    delivery: ConsumeMessage,
    headers: EnvelopeHeaders,
    message: Message,
    given?: HandlerEntry<Message['type']>,
  ): Promise<void> => {
    const entry = given ?? o.handlers[message.type];
    if (!entry) return deadLetter(session, delivery, 'no_handler', `no handler for ${message.type}`);
    const callbacks: Array<() => void> = [];
    const context: MessageContext = {
      messageId: headers.messageId,
      type: message.type,
      sender: headers.sender,
      correlationId: headers.correlationId,
      deliveryCount: Number(delivery.properties.headers?.['x-delivery-count'] ?? 0) + 1,
      redelivered: delivery.fields.redelivered,
      afterCommit: (fn) => item.callbacks.push(fn),
    };
    const injected = await o.injector?.intercept(message, {
      messageId: headers.messageId,
      copy: isFaultCopy(delivery),
    });
    if (injected?.kind === 'drop') return ack(session, delivery);
    if (injected?.kind === 'handle' && injected.duplicate)
      await publisherFor(session)
        .then((publisher) =>
          copyDelivery(publisher, delivery, faultCopyTarget(copies, queue), confirmTimeoutMs),
        )
        .catch(() => undefined);
    const usual = entry.handle as Handler<Message>;
    const handle = injected?.kind === 'replace' ? injected.replace(usual) : usual;
    const item: Ready = {
      session,
      delivery,
      headers,
      message,
      entry,
      handle,
      context,
      callbacks,
      duplicate: false,
      settled: () => undefined,
    };
    const lane = lanes[laneIndexOf(headers.correlationId ?? headers.messageId, lanes.length)];
    await new Promise<void>((resolve) => {
      item.settled = resolve;
      lane.waiting.push(item);
      pump(lane);
    });
  };

  const handleDelivery = async (session: Session, delivery: ConsumeMessage): Promise<void> => {
    const started = performance.now();
    const opened = o.opener.open({
      body: delivery.content,
      amqpMessageId: delivery.properties.messageId as string | undefined,
      now: now(),
    });
    if (!opened.ok) {
      const invalid = invalidRequestEntry(o.invalidRequests, opened);
      if (invalid === undefined) return deadLetter(session, delivery, opened.reason, opened.detail);
      const { headers, message, entry } = invalid;
      // Who may send what comes first: an invalid message a participant may not send is refused as such.
      const notAllowed = refusalOf(headers, o.participant);
      if (notAllowed) return deadLetter(session, delivery, notAllowed.reason, notAllowed.detail);
      return withLogContext(
        { correlationId: headers.correlationId, messageId: headers.messageId, participant: o.participant },
        () => handleOpened(session, delivery, headers, message, entry),
      );
    }
    const { headers, message } = opened.opened;
    const refusal = refusalOf(headers, o.participant);
    if (refusal) return deadLetter(session, delivery, refusal.reason, refusal.detail);
    // The envelope's own ids from here on (the AMQP properties below are only what the sender claimed).
    await withLogContext({ correlationId: headers.correlationId, messageId: headers.messageId }, () =>
      handleOpened(session, delivery, headers, message),
    );
    const seconds = (performance.now() - started) / 1000;
    messagingMetrics.consumerHandleSeconds.observe(
      { participant: o.participant, type: message.type },
      seconds,
    );
  };

  /**
   * Every line written while a delivery is handled carries its txn id (correlationId) and messageId: first
   * from the AMQP properties (so a message that cannot even be opened is still findable by txn id), then
   * from the opened envelope.
   */
  const handleInContext = (session: Session, delivery: ConsumeMessage): Promise<void> => {
    const { correlationId, messageId } = delivery.properties as {
      correlationId?: unknown;
      messageId?: unknown;
    };
    return withLogContext(
      {
        correlationId: typeof correlationId === 'string' ? correlationId : undefined,
        messageId: typeof messageId === 'string' ? messageId : undefined,
      },
      () =>
        handleDelivery(session, delivery).catch((error: unknown) =>
          log.error({ err: describeError(error) }, 'delivery handling failed'),
        ),
    );
  };

  const subscribe = async (model: ChannelModel): Promise<void> => {
    if (stopping || crashed) return;
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => log.warn({ err: error }, 'consumer channel error'));
    const confirmChannel = await model.createConfirmChannel();
    confirmChannel.on('error', (error: Error) => log.warn({ err: error }, 'consumer confirm channel error'));
    const session: Session = { channel, publisher: createConfirmPublisher(confirmChannel) };
    await channel.prefetch(o.prefetch ?? CONSUMER_DEFAULTS.prefetch);
    const { consumerTag } = await channel.consume(queue, (delivery) => {
      if (!delivery) return void log.warn({ queue }, 'subscription cancelled by the broker');
      const work: Promise<void> = handleInContext(session, delivery).finally(() => inFlight.delete(work));
      inFlight.add(work);
    });
    current = { ...session, consumerTag };
    channel.on('close', () => {
      if (current?.channel === channel) current = undefined;
    });
  };

  registration.unregister = await o.broker.onConnect(subscribe);
  log.info({ queue }, 'consumer started');

  return {
    async stop() {
      stopping = true;
      registration.unregister?.();
      const session = current;
      current = undefined;
      if (session) await session.channel.cancel(session.consumerTag).catch(() => undefined);
      await Promise.allSettled([...inFlight]);
      if (session && !crashed) {
        await session.channel.close().catch(() => undefined);
        await session.publisher.close();
      }
    },
  };
};
