/** The consumer-side dedup record (docs/guarantees.md §4), keyed by (consumer, sender, message id). */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type InboxEntry = {
  /** The handler's logical name (HandlerEntry.name), never an instance name. */
  consumer: string;
  /** Who sealed the message (the opened envelope's sender): the same id from another sender is another message. */
  sender: string;
  messageId: string;
  messageType: string;
  /** The UPI txn id the message concerns (its envelope's correlation id), kept for the payment's trace. */
  correlationId?: string;
};

/**
 * Records that `consumer` handles `sender`'s message `messageId`. Call it FIRST in the handler's transaction:
 * a concurrent duplicate then waits on the primary key until the first transaction ends, and sees the conflict
 * (or proceeds if the first rolled back). A row from before the key named the sender (sender '', migration
 * 003) still counts as seen. Returns false for a duplicate.
 */
export const recordInbox = async (tx: Queryable, entry: InboxEntry): Promise<boolean> => {
  const inserted = await tx.maybeOne(sql.unsafe`
    INSERT INTO inbox (consumer, sender, message_id, message_type, correlation_id)
    SELECT ${entry.consumer}, ${entry.sender}, ${entry.messageId}, ${entry.messageType}, ${entry.correlationId ?? null}
    WHERE NOT EXISTS (
      SELECT 1 FROM inbox WHERE consumer = ${entry.consumer} AND sender = '' AND message_id = ${entry.messageId})
    ON CONFLICT (consumer, sender, message_id) DO NOTHING
    RETURNING 1 AS inserted`);
  return inserted !== null;
};

/**
 * recordInbox for the deliveries of one shared transaction, in ONE statement: returns, in input order,
 * whether each is new. An entry whose key came earlier in the list (a duplicate delivered alongside its
 * original) is not new. Same rule for rows from before the key named the sender.
 */
export const recordInboxes = async (tx: Queryable, entries: readonly InboxEntry[]): Promise<boolean[]> => {
  const rows = (await tx.any(sql.unsafe`
    INSERT INTO inbox (consumer, sender, message_id, message_type, correlation_id)
    SELECT t.consumer, t.sender, t.message_id, t.message_type, t.correlation_id
    FROM ${sql.unnest(
      entries.map((e) => [e.consumer, e.sender, e.messageId, e.messageType, e.correlationId ?? null]),
      ['text', 'text', 'text', 'text', 'text'],
    )} AS t(consumer, sender, message_id, message_type, correlation_id)
    WHERE NOT EXISTS (
      SELECT 1 FROM inbox i WHERE i.consumer = t.consumer AND i.sender = '' AND i.message_id = t.message_id)
    ON CONFLICT (consumer, sender, message_id) DO NOTHING
    RETURNING consumer, sender, message_id`)) as Array<{
    consumer: string;
    sender: string;
    message_id: string;
  }>;
  const keyOf = (consumer: string, sender: string, messageId: string): string =>
    JSON.stringify([consumer, sender, messageId]);
  const inserted = new Set(rows.map((row) => keyOf(row.consumer, row.sender, row.message_id)));
  return entries.map((entry) => inserted.delete(keyOf(entry.consumer, entry.sender, entry.messageId)));
};
