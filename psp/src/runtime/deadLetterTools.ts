/**
 * The operator's DLQ tools for this PSP's work queue: how many messages are dead-lettered, and replaying
 * them (same messageId, so the inbox still drops anything already handled — outbox/replayDeadLetters.ts).
 */
import { deadLetterQueueFor, workQueueFor } from '@switchyard/contracts';
import type { Broker } from '@switchyard/infra';
import { replayDeadLetters } from '@switchyard/outbox';

export type DeadLetterTools = {
  queue: string;
  depth(): Promise<number>;
  /** @throws when a copy is not confirmed (it stays in the DLQ) */
  replay(limit: number): Promise<number>;
};

export const createDeadLetterTools = (o: {
  broker: Broker;
  prefix: string;
  participant: string;
}): DeadLetterTools => {
  const queue = workQueueFor(o.prefix, o.participant);
  return {
    queue,
    async depth() {
      const channel = await o.broker.createChannel();
      try {
        return (await channel.checkQueue(deadLetterQueueFor(queue))).messageCount;
      } finally {
        await channel.close();
      }
    },
    replay: (limit) => replayDeadLetters({ broker: o.broker, queue, limit }),
  };
};
