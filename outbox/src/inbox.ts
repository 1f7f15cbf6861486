/** The consumer-side dedup record (MESSAGING.md §4.3). */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

/** Who sent the message and which payment it concerns: kept for the payment's trace. */
export type InboxOrigin = { correlationId?: string; sender?: string };

/**
 * Records that `consumer` handles `messageId`. Call it FIRST in the handler's transaction: a concurrent
 * duplicate then waits on the primary key until the first transaction ends, and sees the conflict (or
 * proceeds if the first rolled back). Returns false for a duplicate.
 */
export const recordInbox = async (
  tx: Queryable,
  consumer: string,
  messageId: string,
  messageType: string,
  origin: InboxOrigin = {},
): Promise<boolean> => {
  const inserted = await tx.maybeOne(sql.unsafe`
    INSERT INTO inbox (consumer, message_id, message_type, correlation_id, sender)
    VALUES (${consumer}, ${messageId}, ${messageType}, ${origin.correlationId ?? null}, ${origin.sender ?? null})
    ON CONFLICT (consumer, message_id) DO NOTHING
    RETURNING 1 AS inserted`);
  return inserted !== null;
};
