/** SQL for non-financial requests whose answers change state: account discovery and PIN set/change. */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type UpstreamKind = 'LIST_ACCOUNT' | 'SET_CRE';
export type UpstreamRequest = {
  txnId: string;
  kind: UpstreamKind;
  userId: string;
  requestMessageId: string;
  ifsc: string;
  acNum: string | undefined;
  status: 'PENDING' | 'SUCCESS' | 'FAILURE';
};

type Row = {
  txn_id: string;
  kind: UpstreamKind;
  user_id: string;
  request_message_id: string;
  ifsc: string;
  ac_num: string | null;
  status: UpstreamRequest['status'];
};

export const insertUpstreamRequest = async (
  db: Queryable,
  input: {
    txnId: string;
    kind: UpstreamKind;
    userId: string;
    requestMessageId: string;
    ifsc: string;
    acNum?: string;
  },
): Promise<void> => {
  await db.query(sql.unsafe`
    INSERT INTO upstream_requests (txn_id, kind, user_id, request_message_id, ifsc, ac_num)
    VALUES (${input.txnId}, ${input.kind}, ${input.userId}, ${input.requestMessageId}, ${input.ifsc}, ${input.acNum ?? null})`);
};

/** Locks the request a response answers (FOR UPDATE), if we sent one of this kind under that txn id. */
export const lockUpstreamRequest = async (
  db: Queryable,
  txnId: string,
  kind: UpstreamKind,
): Promise<UpstreamRequest | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT txn_id, kind, user_id, request_message_id, ifsc, ac_num, status FROM upstream_requests
    WHERE txn_id = ${txnId} AND kind = ${kind} FOR UPDATE`)) as Row | null;
  if (!row) return undefined;
  return {
    txnId: row.txn_id,
    kind: row.kind,
    userId: row.user_id,
    requestMessageId: row.request_message_id,
    ifsc: row.ifsc,
    acNum: row.ac_num ?? undefined,
    status: row.status,
  };
};

export const completeUpstreamRequest = async (
  db: Queryable,
  txnId: string,
  result: 'SUCCESS' | 'FAILURE',
  errCode: string | undefined,
): Promise<void> => {
  await db.query(sql.unsafe`
    UPDATE upstream_requests SET status = ${result}, err_code = ${errCode ?? null}, completed_at = now()
    WHERE txn_id = ${txnId}`);
};
