/**
 * Runs the switch alone against real RabbitMQ and Postgres and plays every other participant at the queue
 * level: messages are sealed as the test PSP/bank (createTestKeys) and published straight to the switch's
 * exchange; the switch's replies are read from the peers' work queues and opened with the peers' keys.
 */
import amqplib, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  amqpHeadersFor,
  createOpener,
  createSealer,
  createTestKeys,
  exchangeFor,
  newMessageId,
  workQueueFor,
  type Message,
  type MessageOf,
  type MessageType,
  type Opener,
  type Sealer,
} from '@switchyard/contracts';
import { createUncheckedSealer } from '@switchyard/contracts/testing';
import { deleteTopology, loadNetwork, participantsOf } from '@switchyard/infra';
import {
  createTestDatabase,
  testLog,
  testPrefix,
  testSettings,
  type TestDatabase,
} from '@switchyard/infra/testing';
import {
  createDeadlines,
  createOutbox,
  outboxMigrations,
  startMessaging,
  type Messaging,
} from '@switchyard/outbox';
import { switchMigrations } from '../../../src/db/switchMigrations.ts';
import { createHandlers } from '../../../src/handlers/index.ts';
import { onInvalidRequest } from '../../../src/handlers/onInvalidRequest.ts';
import type { HandlerDeps } from '../../../src/handlers/handlerDeps.ts';
import { testHandlerDeps, type SwitchTestOptions, type TestTimeoutsMs } from './testDeps.ts';
import { createRoutes } from '../../../src/handlers/routes.ts';

const SWITCH = 'switch';

type Received = {
  to: string;
  type: MessageType;
  txnId: string | undefined;
  message: Message;
  sender: string;
  at: number;
};

export type Harness = {
  prefix: string;
  db: TestDatabase;
  messaging: Messaging;
  /** The handlers' deps: the breakers, settings and clock a test may inspect. */
  deps: HandlerDeps;
  /** Seals `message` as `from` (head.msgId set from a fresh message id) and publishes it to the switch. */
  send(from: string, message: Message, messageId?: string): Promise<string>;
  /** send() without the sealer's schema check: an authentic message with invalid content (a peer's bug). */
  sendInvalid(from: string, message: unknown, messageId?: string): Promise<string>;
  /** Waits for the first not yet taken message of `type` for `txnId` delivered to `to`. */
  next<T extends MessageType>(to: string, type: T, txnId: string, timeoutMs?: number): Promise<MessageOf<T>>;
  /** Everything delivered to `to` for `txnId` so far. */
  receivedBy(to: string, txnId: string): Received[];
  deadLetters(): Promise<Array<{ reason: string; type: string }>>;
  stop(): Promise<void>;
};

const txnIdOf = (message: Message): string | undefined => {
  const m = message as { txn?: { id?: string; orgTxnId?: string }; txnId?: string };
  return m.txn?.orgTxnId ?? m.txn?.id ?? m.txnId;
};

export const startHarness = async (
  timeoutsMs: TestTimeoutsMs,
  options: SwitchTestOptions = {},
): Promise<Harness> => {
  const prefix = testPrefix();
  const network = loadNetwork();
  const participants = participantsOf(network);
  const keys = createTestKeys(participants);
  const log = testLog('switch');
  const db = await createTestDatabase([outboxMigrations, switchMigrations]);
  const sealer = createSealer(keys.own(SWITCH), keys.directory);
  const handlerDeps = testHandlerDeps(
    {
      switchId: SWITCH,
      outbox: createOutbox({ sealer, prefix }),
      deadlines: createDeadlines(),
      routes: createRoutes(network),
      log,
    },
    timeoutsMs,
    options,
  );
  const handlers = createHandlers(handlerDeps);
  const messaging = await startMessaging({
    participant: SWITCH,
    prefix,
    db: db.db,
    amqpUrl: testSettings().amqpUrl,
    sealer,
    opener: createOpener(keys.own(SWITCH), keys.directory),
    handlers,
    invalidRequests: onInvalidRequest(handlerDeps),
    participants,
    log,
    retryDelaysMs: [300],
    sweeper: { intervalMs: 50, graceMs: 0 },
    relayPollMs: 50,
  });

  const connection: ChannelModel = await amqplib.connect(testSettings().amqpUrl);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  const sealers = new Map<string, Sealer>();
  const uncheckedSealers = new Map<string, Sealer>();
  const openers = new Map<string, Opener>();
  const received: Received[] = [];
  const taken = new Set<Received>();
  /** Waiters for `next`, woken on every arrival (no polling: cheap with hundreds of payments in flight). */
  const waiters = new Set<() => void>();
  const consumerTags: string[] = [];
  for (const peer of participants.filter((p) => p !== SWITCH)) {
    sealers.set(peer, createSealer(keys.own(peer), keys.directory));
    uncheckedSealers.set(peer, createUncheckedSealer(keys.own(peer), keys.directory));
    openers.set(peer, createOpener(keys.own(peer), keys.directory));
    const { consumerTag } = await channel.consume(workQueueFor(prefix, peer), (delivery) => {
      if (delivery === null) return;
      const opened = openers.get(peer)!.open({
        body: delivery.content,
        amqpMessageId: delivery.properties.messageId as string,
        now: new Date(),
      });
      channel.ack(delivery);
      if (!opened.ok) throw new Error(`${peer} could not open a message: ${opened.reason} ${opened.detail}`);
      const { message, headers } = opened.opened;
      received.push({
        to: peer,
        type: message.type,
        txnId: txnIdOf(message),
        message,
        sender: headers.sender,
        at: Date.now(),
      });
      for (const wake of waiters) wake();
    });
    consumerTags.push(consumerTag);
  }

  const publish = async (
    sealer: Sealer,
    from: string,
    message: Message,
    messageId: string,
  ): Promise<string> => {
    const withHead = {
      ...message,
      head: { ...(message as { head: object }).head, orgId: from, msgId: messageId },
    } as Message;
    const sealed = sealer.seal({
      recipient: SWITCH,
      message: withHead,
      messageId,
      correlationId: txnIdOf(withHead),
      now: new Date(),
    });
    channel.publish(exchangeFor(prefix, SWITCH), withHead.type, sealed.body, {
      messageId,
      type: withHead.type,
      correlationId: txnIdOf(withHead),
      persistent: true,
      mandatory: true,
      contentType: 'application/octet-stream',
      headers: amqpHeadersFor(sealed.headers),
    });
    await channel.waitForConfirms();
    return messageId;
  };

  const harness: Harness = {
    prefix,
    db,
    messaging,
    deps: handlerDeps,
    send: (from, message, messageId = newMessageId()) =>
      publish(sealers.get(from)!, from, message, messageId),
    sendInvalid: (from, message, messageId = newMessageId()) =>
      publish(uncheckedSealers.get(from)!, from, message as Message, messageId),
    async next(to, type, txnId, timeoutMs = 10_000) {
      const take = (): Received | undefined => {
        const found = received.find(
          (r) => r.to === to && r.type === type && r.txnId === txnId && !taken.has(r),
        );
        if (found) taken.add(found);
        return found;
      };
      const found =
        take() ??
        (await new Promise<Received | undefined>((resolve) => {
          const timer = setTimeout(() => {
            waiters.delete(wake);
            resolve(undefined);
          }, timeoutMs);
          const wake = (): void => {
            const arrived = take();
            if (arrived === undefined) return;
            clearTimeout(timer);
            waiters.delete(wake);
            resolve(arrived);
          };
          waiters.add(wake);
        }));
      if (found === undefined) {
        const seen = received.filter((r) => r.txnId === txnId).map((r) => `${r.to}:${r.type}`);
        throw new Error(
          `no ${type} for ${txnId} at ${to} within ${timeoutMs} ms (seen: ${seen.join(', ') || 'nothing'})`,
        );
      }
      return found.message as never;
    },
    receivedBy: (to, txnId) => received.filter((r) => r.to === to && r.txnId === txnId),
    async deadLetters() {
      const letters: Array<{ reason: string; type: string }> = [];
      for (;;) {
        const got = await channel.get(`${workQueueFor(prefix, SWITCH)}.dlq`, { noAck: true });
        if (got === false) return letters;
        letters.push({
          reason: String(got.properties.headers?.['x-dead-reason']),
          type: String(got.properties.type),
        });
      }
    },
    async stop() {
      for (const tag of consumerTags) await channel.cancel(tag);
      await messaging.stop();
      handlerDeps.breakers.shutdown();
      await deleteTopology(channel, messaging.broker.topology);
      await channel.close();
      await connection.close();
      await db.drop();
    },
  };
  return harness;
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
