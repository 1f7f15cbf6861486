/**
 * Publishing with publisher confirms, returns and back-pressure (docs/guarantees.md §3).
 *
 * - Every publish is `mandatory`; a `basic.return` arrives BEFORE the ack of the same message, so an ack for a
 *   message whose id was just returned is reported as 'returned', not 'confirmed' (a positive confirm alone does
 *   not mean "queued").
 * - publish() === false means the socket buffer is full: the next publish waits for 'drain'.
 * - Confirms are not awaited one by one: publish() resolves once the frame is written and hands back a
 *   promise of the outcome, so a caller pipelines a whole batch and awaits all outcomes with one timeout.
 * - When the channel closes, every pending confirm settles as 'closed'.
 */
import { once } from 'node:events';
import type { ConfirmChannel, Message, Options } from 'amqplib';

export type PublishOutcome = 'confirmed' | 'nacked' | 'returned' | 'closed' | 'timeout';

export type PendingPublish = { outcome: Promise<PublishOutcome> };

export type ConfirmPublisher = {
  readonly channel: ConfirmChannel;
  isOpen(): boolean;
  /**
   * Writes one message (waiting for 'drain' first if needed). `messageId` is required: returns are matched by it.
   * Resolves once the frame is written, with the pending outcome (wrapped: an async function cannot hand
   * back an unsettled promise). Never rejects: a closed channel gives 'closed'.
   */
  publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish & { messageId: string },
  ): Promise<PendingPublish>;
  close(): Promise<void>;
};

/** Wraps a confirm channel. */
export const createConfirmPublisher = (channel: ConfirmChannel): ConfirmPublisher => {
  let open = true;
  let draining: Promise<unknown> | undefined;
  const returned = new Map<string, number>();
  const closedSignal = new Promise<void>((resolve) => {
    channel.once('close', () => {
      open = false;
      resolve();
    });
  });
  channel.on('return', (message: Message) => {
    const id = String(message.properties.messageId);
    returned.set(id, (returned.get(id) ?? 0) + 1);
  });
  const takeReturn = (id: string): boolean => {
    const count = returned.get(id) ?? 0;
    if (count === 0) return false;
    if (count === 1) returned.delete(id);
    else returned.set(id, count - 1);
    return true;
  };

  return {
    channel,
    isOpen: () => open,
    async publish(exchange, routingKey, body, options) {
      if (draining) await draining;
      if (!open) return { outcome: Promise.resolve<PublishOutcome>('closed') };
      let settle!: (outcome: PublishOutcome) => void;
      const outcome = new Promise<PublishOutcome>((resolve) => (settle = resolve));
      try {
        const accepted = channel.publish(
          exchange,
          routingKey,
          body,
          { ...options, mandatory: true },
          (error) => {
            // amqplib fails pending confirms with 'channel closed' before emitting 'close'
            if (error) settle((error as Error).message === 'message nacked' ? 'nacked' : 'closed');
            else settle(takeReturn(options.messageId) ? 'returned' : 'confirmed');
          },
        );
        if (!accepted) {
          draining = Promise.race([once(channel, 'drain'), closedSignal]).finally(
            () => (draining = undefined),
          );
        }
      } catch {
        settle('closed'); // IllegalOperationError: the channel closed under us
      }
      return { outcome };
    },
    async close() {
      if (!open) return;
      open = false;
      await channel.close().catch(() => undefined);
    },
  };
};

/** Resolves with `outcome`, or 'timeout' after `timeoutMs`. */
export const outcomeWithin = async (
  outcome: Promise<PublishOutcome>,
  timeoutMs: number,
): Promise<PublishOutcome> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<PublishOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
