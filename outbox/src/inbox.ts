/** The consumer-side dedup record (docs/guarantees.md §4). */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

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
): Promise<boolean> => {
  const inserted = await tx.maybeOne(sql.unsafe`
    INSERT INTO inbox (consumer, message_id, message_type) VALUES (${consumer}, ${messageId}, ${messageType})
    ON CONFLICT (consumer, message_id) DO NOTHING
    RETURNING 1 AS inserted`);
  return inserted !== null;
};
