/**
 * Copies a delivery (same body, same messageId) into one of the participant's own queues through its copies
 * exchange (contracts copiesExchangeFor: routing key = the queue's name). Not the default exchange: a
 * participant's broker login may not write there (infra brokerAccess.ts).
 */
import type { ConsumeMessage, GetMessage, MessagePropertyHeaders } from 'amqplib';
import { outcomeWithin, type ConfirmPublisher, type PublishOutcome } from '@switchyard/infra';

export type CopyTarget = {
  /** The participant's copies exchange. */
  exchange: string;
  queue: string;
  /** Merged over the original headers. */
  headers: MessagePropertyHeaders;
  /**
   * Drop the broker's dead-letter bookkeeping (x-death, x-first-death-*, x-last-death-*) and ours (x-dead-*,
   * x-retry-attempt, x-last-error):
   * a copy that later cycles back into the work queue must not look like a TTL-only cycle to RabbitMQ
   * (it drops those) and starts a fresh history.
   */
  stripDeaths?: boolean;
};

const DEATH_HEADER = /^x-(death|first-death-|last-death-|dead-|delivery-count|retry-attempt|last-error)/;

const cleanHeaders = (
  headers: MessagePropertyHeaders | undefined,
  stripDeaths: boolean,
): MessagePropertyHeaders => {
  const cleaned: MessagePropertyHeaders = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key === 'x-delivery-count') continue; // set by the quorum queue, never by publishers
    if (stripDeaths && DEATH_HEADER.test(key)) continue;
    cleaned[key] = value;
  }
  return cleaned;
};

/** Publishes the copy and waits for its confirm (or `confirmTimeoutMs`). */
export const copyDelivery = async (
  publisher: ConfirmPublisher,
  delivery: ConsumeMessage | GetMessage,
  target: CopyTarget,
  confirmTimeoutMs: number,
): Promise<PublishOutcome> => {
  const p = delivery.properties;
  const pending = await publisher.publish(target.exchange, target.queue, delivery.content, {
    persistent: true,
    messageId: String(p.messageId),
    type: p.type,
    correlationId: p.correlationId,
    timestamp: p.timestamp,
    appId: p.appId,
    contentType: p.contentType,
    headers: { ...cleanHeaders(p.headers, target.stripDeaths ?? false), ...target.headers },
  });
  return outcomeWithin(pending.outcome, confirmTimeoutMs);
};
