/**
 * Looks at the dead letters of every participant without consuming them: each message is fetched unacked
 * and put back (nack with requeue) once the queue has been read, as `make dlq` does. What a message says
 * of itself is in its readable AMQP properties (the body is sealed): type, messageId, correlation id (the
 * txn id), sender, and why it was parked (x-dead-reason / x-dead-detail, or the broker's
 * x-first-death-reason for a delivery-limit).
 */
import amqp, { type Channel, type GetMessage } from 'amqplib';
import { deadLetterQueueFor, workQueueFor } from '@switchyard/contracts';

export type DeadLetter = {
  participant: string;
  queue: string;
  messageId: string;
  type: string;
  correlationId: string | null;
  sender: string | null;
  reason: string;
  detail: string | null;
  /** When it was sealed (x-sealed-at), else the AMQP timestamp. */
  at: string | null;
};

export type DlqDepth = { participant: string; queue: string; depth: number };

/** A header as text (AMQP gives strings, or Buffers for long strings). */
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;

const deadLetterOf = (participant: string, queue: string, message: GetMessage): DeadLetter => {
  const p = message.properties;
  const h = (p.headers ?? {}) as Record<string, unknown>;
  const sealedAt = Number(h['x-sealed-at']);
  const stamp = typeof p.timestamp === 'number' ? p.timestamp * 1000 : NaN;
  const at = Number.isFinite(sealedAt) ? sealedAt : stamp;
  return {
    participant,
    queue,
    messageId: String(p.messageId ?? ''),
    type: String(p.type ?? '?'),
    correlationId: typeof p.correlationId === 'string' ? p.correlationId : null,
    sender: typeof p.appId === 'string' ? p.appId : typeof h['x-sender'] === 'string' ? h['x-sender'] : null,
    reason: text(h['x-dead-reason']) ?? text(h['x-first-death-reason']) ?? '?',
    detail: text(h['x-dead-detail']) ?? null,
    at: Number.isFinite(at) ? new Date(at).toISOString() : null,
  };
};

/** Reads up to `limit` messages of one DLQ and returns them all to the queue. */
const peekQueue = async (
  channel: Channel,
  participant: string,
  queue: string,
  limit: number,
): Promise<DeadLetter[]> => {
  const held: GetMessage[] = [];
  try {
    while (held.length < limit) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      held.push(message);
    }
    return held.map((message) => deadLetterOf(participant, queue, message));
  } finally {
    for (const message of held) channel.nack(message, false, true);
  }
};

export type PeekOptions = { amqpUrl: string; prefix: string; participants: string[]; limitPerQueue: number };

/** Each participant's DLQ depth and (up to limitPerQueue of) its messages. */
export const peekDeadLetters = async (
  o: PeekOptions,
): Promise<{ depths: DlqDepth[]; messages: DeadLetter[] }> => {
  const connection = await amqp.connect(o.amqpUrl);
  try {
    const channel = await connection.createChannel();
    const depths: DlqDepth[] = [];
    const messages: DeadLetter[] = [];
    for (const participant of o.participants) {
      const queue = deadLetterQueueFor(workQueueFor(o.prefix, participant));
      const { messageCount } = await channel.checkQueue(queue);
      depths.push({ participant, queue, depth: messageCount });
      if (messageCount > 0 && o.limitPerQueue > 0)
        messages.push(...(await peekQueue(channel, participant, queue, o.limitPerQueue)));
    }
    await channel.close();
    return { depths, messages };
  } finally {
    await connection.close().catch(() => undefined);
  }
};
