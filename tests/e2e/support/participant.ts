/**
 * Plays a participant at the queue level, with no HTTP: seals messages with that participant's keys and
 * publishes them straight to a recipient's exchange; taps a participant's exchange with a private queue
 * and opens what arrives there (the real consumer still gets its own copy from its work queue).
 */
import amqp, { type Channel, type ConfirmChannel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import {
  amqpHeadersFor,
  createOpener,
  createSealer,
  exchangeFor,
  loadKeyDirectory,
  loadOwnKeys,
  newMessageId,
  participantKeysDir,
  type Message,
  type MessageType,
  type Opened,
  type Sealer,
} from '@switchyard/contracts';
import { createUncheckedSealer } from '@switchyard/contracts/testing';
import { testSettings } from '@switchyard/infra/testing';
import type { TestNetwork } from './testNetwork.ts';

type Tap = {
  next(type: MessageType, match?: (m: Message) => boolean, timeoutMs?: number): Promise<Opened>;
  close(): Promise<void>;
};

export type QueueParticipant = {
  /** A head for a new message of this participant, and its messageId. */
  head(): { head: { ver: '2.0'; ts: string; orgId: string; msgId: string }; messageId: string };
  send(recipient: string, message: Message, messageId: string, correlationId?: string): Promise<void>;
  /** send() without the sealer's schema check: an authentic message with invalid content (a peer's bug). */
  sendInvalid(recipient: string, message: unknown, messageId: string, correlationId?: string): Promise<void>;
  /** Messages waiting in `queue` (e.g. a dead-letter queue). */
  depth(queue: string): Promise<number>;
  /** Copies of everything published to `participant`'s exchange from now on, opened with `participant`'s keys. */
  tap(participant: string): Promise<Tap>;
  close(): Promise<void>;
};

export const playParticipant = async (net: TestNetwork, participant: string): Promise<QueueParticipant> => {
  const directory = loadKeyDirectory(net.keysDir);
  const own = loadOwnKeys(participantKeysDir(net.keysDir, participant), participant);
  const sealer = createSealer(own, directory);
  const uncheckedSealer = createUncheckedSealer(own, directory);
  const connection: ChannelModel = await amqp.connect(testSettings().amqpUrl);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  const taps: Channel[] = [];
  const publish = async (
    using: Sealer,
    recipient: string,
    message: Message,
    messageId: string,
    correlationId: string | undefined,
  ): Promise<void> => {
    const sealed = using.seal({ recipient, message, messageId, correlationId, now: new Date() });
    channel.publish(exchangeFor(net.network.prefix, recipient), message.type, sealed.body, {
      messageId,
      type: message.type,
      correlationId,
      appId: participant,
      persistent: true,
      mandatory: true,
      timestamp: Math.floor(sealed.headers.sealedAt / 1000),
      contentType: 'application/json',
      headers: amqpHeadersFor(sealed.headers),
    });
    await channel.waitForConfirms();
  };
  return {
    head() {
      const messageId = newMessageId();
      return {
        head: { ver: '2.0', ts: new Date().toISOString(), orgId: participant, msgId: messageId },
        messageId,
      };
    },
    send: (recipient, message, messageId, correlationId) =>
      publish(sealer, recipient, message, messageId, correlationId),
    sendInvalid: (recipient, message, messageId, correlationId) =>
      publish(uncheckedSealer, recipient, message as Message, messageId, correlationId),
    async depth(queue) {
      const inspect = await connection.createChannel();
      try {
        return (await inspect.checkQueue(queue)).messageCount;
      } finally {
        await inspect.close().catch(() => undefined);
      }
    },
    async tap(tapped) {
      const opener = createOpener(loadOwnKeys(participantKeysDir(net.keysDir, tapped), tapped), directory);
      const tapChannel = await connection.createChannel();
      taps.push(tapChannel);
      const { queue } = await tapChannel.assertQueue('', { exclusive: true, autoDelete: true });
      await tapChannel.bindQueue(queue, exchangeFor(net.network.prefix, tapped), '#');
      const arrived: Opened[] = [];
      const waiters: Array<() => void> = [];
      await tapChannel.consume(queue, (delivery: ConsumeMessage | null) => {
        if (!delivery) return;
        const result = opener.open({
          body: delivery.content,
          amqpMessageId: delivery.properties.messageId as string,
          now: new Date(),
        });
        if (result.ok) arrived.push(result.opened);
        tapChannel.ack(delivery);
        for (const wake of waiters.splice(0)) wake();
      });
      return {
        async next(type, match = () => true, timeoutMs = 15_000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const index = arrived.findIndex((o) => o.message.type === type && match(o.message));
            if (index >= 0) return arrived.splice(index, 1)[0];
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no ${type} on ${tapped}'s exchange within ${timeoutMs} ms`);
            await new Promise<void>((resolve) => {
              waiters.push(resolve);
              setTimeout(resolve, Math.min(left, 250));
            });
          }
        },
        close: () => tapChannel.close().catch(() => undefined),
      };
    },
    async close() {
      for (const tap of taps) await tap.close().catch(() => undefined);
      await channel.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
};
