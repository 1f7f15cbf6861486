/**
 * SQL for `legs`: the stored answer of every (txn id, leg) this bank handled — the idempotency record that
 * lets a repeated request get the ORIGINAL answer (see migrations/003_legs.sql).
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import type { LegKind, LegStatus } from '../domain/leg.ts';

export type { LegKind } from '../domain/leg.ts';

/** A finished leg: what was answered, and for money legs what moved. */
export type LegRecord = {
  txnId: string;
  leg: LegKind;
  status: LegStatus;
  respCode: string;
  accountId: number | null;
  addr: string | null;
  amountMinor: number | null;
  settAmountMinor: number;
  approvalNum: string | null;
  journalId: number | null;
  createdAt: Date;
};

type LegRow = {
  txn_id: string;
  leg: LegKind;
  status: LegStatus | 'PENDING';
  resp_code: string | null;
  account_id: number | null;
  addr: string | null;
  amount_minor: number | null;
  sett_amount_minor: number;
  approval_num: string | null;
  journal_id: number | null;
  created_at: Date;
};

const legOf = (row: LegRow): LegRecord => {
  /* c8 ignore next 3 - unreachable: a PENDING row is finished before its transaction commits */
  if (row.status === 'PENDING' || row.resp_code === null) {
    throw new Error(`leg ${row.txn_id}/${row.leg} seen unfinished`);
  }
  return {
    txnId: row.txn_id,
    leg: row.leg,
    status: row.status,
    respCode: row.resp_code,
    accountId: row.account_id,
    addr: row.addr,
    amountMinor: row.amount_minor,
    settAmountMinor: row.sett_amount_minor,
    approvalNum: row.approval_num,
    journalId: row.journal_id,
    createdAt: row.created_at,
  };
};

/**
 * Claims (txnId, leg) for this transaction. Call it FIRST: a concurrent request for the same leg waits on
 * the primary key until this transaction ends, then finds the finished answer (or claims it if this one
 * rolled back). Returns false when the leg was handled already.
 */
export const claimLeg = async (q: Queryable, txnId: string, leg: LegKind, now: Date): Promise<boolean> => {
  const claimed = await q.maybeOneFirst(sql.unsafe`
    INSERT INTO legs (txn_id, leg, status, created_at) VALUES (${txnId}, ${leg}, 'PENDING', ${sql.timestamp(now)})
    ON CONFLICT (txn_id, leg) DO NOTHING
    RETURNING 1`);
  return claimed !== null;
};

/** How a claimed leg ended: the answer given and, for an approved money leg, what moved (its journal). */
export type LegOutcome = {
  status: 'DONE' | 'DECLINED';
  respCode: string;
  accountId: number | null;
  addr: string | null;
  amountMinor: number | null;
  settAmountMinor: number;
  approvalNum: string | null;
  journalId: number | null;
};

/** Records the outcome of a leg claimed by this transaction (the row stays PENDING only until here). */
export const finishLeg = async (
  q: Queryable,
  txnId: string,
  leg: LegKind,
  outcome: LegOutcome,
): Promise<void> => {
  await q.query(sql.unsafe`
    UPDATE legs SET status = ${outcome.status}, resp_code = ${outcome.respCode}, account_id = ${outcome.accountId},
      addr = ${outcome.addr}, amount_minor = ${outcome.amountMinor}, sett_amount_minor = ${outcome.settAmountMinor},
      approval_num = ${outcome.approvalNum}, journal_id = ${outcome.journalId}
    WHERE txn_id = ${txnId} AND leg = ${leg} AND status = 'PENDING'`);
};

/**
 * Closes (txnId, leg) if nothing is recorded for it — the leg never happened and now never will; a late
 * request for it gets `respCode`. Returns true when it closed the leg, false when the leg exists (waiting,
 * like claimLeg, for a concurrent transaction handling it to finish).
 */
export const closeLegIfAbsent = async (
  q: Queryable,
  txnId: string,
  leg: LegKind,
  respCode: string,
  now: Date,
): Promise<boolean> => {
  const closed = await q.maybeOneFirst(sql.unsafe`
    INSERT INTO legs (txn_id, leg, status, resp_code, created_at)
    VALUES (${txnId}, ${leg}, 'CLOSED', ${respCode}, ${sql.timestamp(now)})
    ON CONFLICT (txn_id, leg) DO NOTHING
    RETURNING 1`);
  return closed !== null;
};

export const findLeg = async (q: Queryable, txnId: string, leg: LegKind): Promise<LegRecord | undefined> => {
  const row = (await q.maybeOne(sql.unsafe`
    SELECT txn_id, leg, status, resp_code, account_id, addr, amount_minor, sett_amount_minor, approval_num, journal_id, created_at
    FROM legs WHERE txn_id = ${txnId} AND leg = ${leg}`)) as LegRow | null;
  return row === null ? undefined : legOf(row);
};

/** Every leg this bank recorded for `txnId`, in the order they were claimed (a payment's trace). */
export const legsOfTxn = async (q: Queryable, txnId: string): Promise<LegRecord[]> => {
  const rows = (await q.any(sql.unsafe`
    SELECT txn_id, leg, status, resp_code, account_id, addr, amount_minor, sett_amount_minor, approval_num, journal_id, created_at
    FROM legs WHERE txn_id = ${txnId} AND status <> 'PENDING' ORDER BY created_at, leg`)) as readonly LegRow[];
  return rows.map(legOf);
};

/** The sum of `accountId`'s successful debits since `since` that were not reversed (the daily limit). */
export const debitedSince = async (q: Queryable, accountId: number, since: Date): Promise<number> =>
  (await q.oneFirst(sql.unsafe`
    SELECT COALESCE(sum(d.amount_minor), 0)::int8
    FROM legs d
    WHERE d.account_id = ${accountId} AND d.leg = 'DEBIT' AND d.status = 'DONE' AND d.created_at >= ${sql.timestamp(since)}
      AND NOT EXISTS (SELECT 1 FROM legs r WHERE r.txn_id = d.txn_id AND r.leg = 'DEBIT_REVERSAL' AND r.status = 'DONE')`)) as number;
