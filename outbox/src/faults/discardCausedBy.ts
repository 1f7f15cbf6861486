/** lose_answer: the messages a delivery caused, taken back out of the outbox before its transaction commits. */
import { sql } from 'slonik';
import type { Tx } from '@switchyard/infra';
import { markOutboxWritten } from '../outboxWrites.ts';

/** Returns how many messages were discarded. */
export const discardCausedBy = async (tx: Tx, causationId: string): Promise<number> => {
  const result = await tx.query(sql.unsafe`DELETE FROM outbox WHERE causation_id = ${causationId}`);
  markOutboxWritten(tx); // the copies enqueue kept are no longer the table's: nothing goes out from memory
  return result.rowCount;
};
