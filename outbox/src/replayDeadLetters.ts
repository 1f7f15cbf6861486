/**
 * The DLQ replay tool (docs/guarantees.md §5): moves up to `limit` messages from `${queue}.dlq` back into the
 * work queue (through the participant's copies exchange) with the SAME messageId (so the inbox still
 * recognises anything already handled), each copy confirmed before its DLQ message is acked. Dead-letter and
 * retry bookkeeping is dropped: the replay starts afresh.
 */
import type { Channel, ConfirmChannel } from 'amqplib';
import { copiesExchangeFor, deadLetterQueueFor } from '@switchyard/contracts';
import { createConfirmPublisher, type Broker } from '@switchyard/infra';
import { copyDelivery } from './copyDelivery.ts';

const CONFIRM_TIMEOUT_MS = 5_000;

/**
 * @param o.queue the WORK queue whose DLQ is replayed
 * @returns how many messages were replayed
 * @throws when a copy is not confirmed (that message stays in the DLQ; earlier ones are replayed)
 */
export const replayDeadLetters = async (
  o: ({ broker: Broker } | { channel: ConfirmChannel }) & { queue: string; limit: number },
): Promise<number> => {
  const channel: ConfirmChannel = 'channel' in o ? o.channel : await o.broker.createConfirmChannel();
  const publisher = createConfirmPublisher(channel);
  const dlq = deadLetterQueueFor(o.queue);
  let replayed = 0;
  try {
    // Only what the DLQ held when the replay started: a message that fails again comes straight back to
    // the DLQ while we loop, and must not be replayed over and over (seen: one poison message "replayed"
    // 100 times by `make dlq REPLAY=…` before this bound).
    const { messageCount } = await channel.checkQueue(dlq);
    const replayMax = Math.min(o.limit, messageCount);
    while (replayed < replayMax) {
      const message = await (channel as Channel).get(dlq, { noAck: false });
      if (!message) break;
      const outcome = await copyDelivery(
        publisher,
        message,
        { exchange: copiesExchangeFor(o.queue), queue: o.queue, headers: {}, stripDeaths: true },
        CONFIRM_TIMEOUT_MS,
      );
      if (outcome !== 'confirmed') {
        channel.nack(message, false, true);
        throw new Error(`replay of ${String(message.properties.messageId)} not confirmed: ${outcome}`);
      }
      channel.ack(message);
      replayed += 1;
    }
  } finally {
    if (!('channel' in o)) await publisher.close();
  }
  return replayed;
};
