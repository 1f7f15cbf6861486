/** The PIN block between ReqPay and the debit: never logged, deleted as soon as it is used or useless. */
import { sql, type SerializableValue } from 'slonik';
import type { Creds } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';

export const storeCreds = async (tx: Tx, txnId: string, creds: Creds): Promise<void> => {
  await tx.query(
    sql.unsafe`INSERT INTO payment_creds (txn_id, creds) VALUES (${txnId}, ${sql.jsonb(creds as unknown as SerializableValue)})`,
  );
};

/** Deletes and returns the PIN block (undefined when there was none). */
export const takeCreds = async (tx: Tx, txnId: string): Promise<Creds | undefined> => {
  const row = (await tx.maybeOne(
    sql.unsafe`DELETE FROM payment_creds WHERE txn_id = ${txnId} RETURNING creds`,
  )) as { creds: Creds } | null;
  return row?.creds;
};
