/** Requests the switch forwards (ReqValAdd, ReqListAccount, ReqSetCre, ReqOtp): who asked, so the answer goes back. */
import { sql } from 'slonik';
import type { ForwardKind } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';

export type { ForwardKind };

export type ForwardedRequest = {
  txnId: string;
  kind: ForwardKind;
  requester: string;
  requesterMessageId: string;
  forwardedTo: string;
  forwardedMessageId: string;
  createdAt: Date;
  answeredAt?: Date;
};

/** Records a forward; false when the txn id was already used for this kind (a duplicate request). */
export const recordForward = async (
  tx: Tx,
  forward: Omit<ForwardedRequest, 'answeredAt'>,
): Promise<boolean> => {
  const row = await tx.maybeOne(sql.unsafe`
    INSERT INTO forwarded_requests (txn_id, kind, requester, requester_message_id, forwarded_to, forwarded_message_id, created_at)
    VALUES (${forward.txnId}, ${forward.kind}, ${forward.requester}, ${forward.requesterMessageId}, ${forward.forwardedTo},
      ${forward.forwardedMessageId}, ${sql.timestamp(forward.createdAt)})
    ON CONFLICT (txn_id, kind) DO NOTHING RETURNING txn_id`);
  return row !== null;
};

type ForwardRow = {
  txn_id: string;
  kind: ForwardKind;
  requester: string;
  requester_message_id: string;
  forwarded_to: string;
  forwarded_message_id: string;
  created_at: Date;
  answered_at: Date | null;
};

/** The forward for an answer, locked; undefined when the switch never forwarded such a request. */
export const lockForward = async (
  tx: Tx,
  txnId: string,
  kind: ForwardKind,
): Promise<ForwardedRequest | undefined> => {
  const row = (await tx.maybeOne(sql.unsafe`
    SELECT * FROM forwarded_requests WHERE txn_id = ${txnId} AND kind = ${kind} FOR UPDATE`)) as ForwardRow | null;
  if (row === null) return undefined;
  const forward: ForwardedRequest = {
    txnId: row.txn_id,
    kind: row.kind,
    requester: row.requester,
    requesterMessageId: row.requester_message_id,
    forwardedTo: row.forwarded_to,
    forwardedMessageId: row.forwarded_message_id,
    createdAt: row.created_at,
  };
  if (row.answered_at !== null) forward.answeredAt = row.answered_at;
  return forward;
};

export const markAnswered = async (tx: Tx, txnId: string, kind: ForwardKind, at: Date): Promise<void> => {
  await tx.query(
    sql.unsafe`UPDATE forwarded_requests SET answered_at = ${sql.timestamp(at)} WHERE txn_id = ${txnId} AND kind = ${kind}`,
  );
};
