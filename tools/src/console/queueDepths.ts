/**
 * Queue depths straight from RabbitMQ (passive declares on one channel, no management plugin needed): the
 * ready messages of each participant's work queue and DLQ. The connection is opened on first use and again
 * after it fails; a failed declare (a queue not there yet) closes the channel, so it is reopened too.
 */
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { deadLetterQueueFor, workQueueFor } from '@switchyard/contracts';

export type QueueDepths = {
  /** Work queue and DLQ depth by participant; empty when the broker cannot be reached. */
  read(prefix: string, participants: string[]): Promise<Map<string, { work: number; dlq: number }>>;
  close(): Promise<void>;
};

export const createQueueDepths = (amqpUrl: string): QueueDepths => {
  let connection: ChannelModel | undefined;
  let channel: Channel | undefined;

  const open = async (): Promise<Channel> => {
    if (!connection) {
      connection = await amqp.connect(amqpUrl);
      connection.on('error', () => undefined);
      connection.on('close', () => {
        connection = undefined;
        channel = undefined;
      });
    }
    if (!channel) {
      const opened = await connection.createChannel();
      opened.on('error', () => undefined);
      opened.on('close', () => {
        if (channel === opened) channel = undefined;
      });
      channel = opened;
    }
    return channel;
  };

  const depth = async (queue: string): Promise<number> =>
    (await (await open()).checkQueue(queue)).messageCount;

  return {
    async read(prefix, participants) {
      const depths = new Map<string, { work: number; dlq: number }>();
      for (const participant of participants) {
        const work = workQueueFor(prefix, participant);
        try {
          depths.set(participant, { work: await depth(work), dlq: await depth(deadLetterQueueFor(work)) });
        } catch {
          // not declared yet, or the broker went away: no figure this time
        }
      }
      return depths;
    },
    async close() {
      await connection?.close().catch(() => undefined);
      connection = undefined;
      channel = undefined;
    },
  };
};
