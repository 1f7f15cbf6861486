/**
 * The writer side of the outbox (docs/guarantees.md §2): the message is sealed for its recipient at insert
 * time (plaintext never sits in the table) and inserted in the caller's business transaction. The relay
 * publishes it to the recipient's exchange, routing key = message type, once the transaction has committed —
 * from the copy enqueue keeps in memory (outboxWrites.ts) when it can, else by claiming the row.
 */
import { sql } from 'slonik';
import { amqpHeadersFor, exchangeFor, type Sealer } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import { rememberOutboxRow } from './outboxWrites.ts';
import type { Outbox, OutgoingMessage } from './types.ts';

export type OutboxOptions = { sealer: Sealer; prefix: string; now?: () => Date };

/** Creates the outbox writer for the participant the sealer belongs to. */
export const createOutbox = (o: OutboxOptions): Outbox => {
  const now = o.now ?? (() => new Date());
  return {
    /**
     * Seals and inserts one message. Pure SQL on `tx` (slonik may re-run the transaction; sealing again is
     * harmless: the fresh nonce never leaves an uncommitted transaction).
     * @throws CryptoError (contracts) for an unknown recipient, a message its schema refuses, or a head.msgId
     *   that is not the messageId
     * @throws UniqueIntegrityConstraintViolationError when the messageId was enqueued already
     */
    async enqueue(tx: Tx, outgoing: OutgoingMessage): Promise<void> {
      const sealed = o.sealer.seal({
        recipient: outgoing.recipient,
        message: outgoing.message,
        messageId: outgoing.messageId,
        correlationId: outgoing.correlationId,
        causationId: outgoing.causationId,
        now: now(),
      });
      const exchange = exchangeFor(o.prefix, outgoing.recipient);
      const headers = amqpHeadersFor(sealed.headers);
      const createdMs = Date.now();
      await tx.query(sql.unsafe`
        INSERT INTO outbox (message_id, exchange, routing_key, message_type, partition_key, headers, body, correlation_id, causation_id)
        VALUES (${outgoing.messageId}, ${exchange}, ${outgoing.message.type}, ${outgoing.message.type},
                ${outgoing.correlationId ?? null}, ${sql.jsonb(headers)}, ${sql.binary(sealed.body)},
                ${outgoing.correlationId ?? null}, ${outgoing.causationId ?? null})`);
      // The relay publishes this copy right after the commit (outboxWrites.ts): the row is the durable record.
      rememberOutboxRow(tx, {
        messageId: outgoing.messageId,
        exchange,
        routingKey: outgoing.message.type,
        messageType: outgoing.message.type,
        headers,
        body: sealed.body,
        correlationId: outgoing.correlationId ?? null,
        createdMs,
      });
    },
  };
};
