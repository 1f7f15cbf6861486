/**
 * History for the bench (tools/src/bench/history): copies of a payment's legs at this bank — each journal
 * with its entries, each `legs` row — under the copy's txn id, RRN and approval numbers and moved in time,
 * with the customer balances moved by what the copies post, so the ledger stays exactly as if the copies
 * had been real payments (checkLedger and the network's invariant check verify it). Copied by the server
 * from the template's rows in one statement, with triggers off for the transaction (session_replication_
 * role = replica): the copies repeat journals that balanced and legs that were answered, and reference
 * accounts that exist.
 */
import { sql } from 'slonik';
import type { Db } from '@switchyard/infra';

/** One copy: its identity and how far its timestamps move from the template's. */
export type LedgerHistoryClone = {
  txnId: string;
  rrn: string;
  /** ms added to every timestamp of the template (negative: the past). */
  shiftMs: number;
  debitApprovalNum: string;
  creditApprovalNum: string;
};

/**
 * Copies `templateTxnId`'s legs at this bank once per clone (nothing when the bank had no part in it).
 * Returns the journals inserted.
 * @throws the Postgres error of the statement (e.g. a txn id that exists already): nothing is inserted
 */
export const insertLedgerHistory = async (
  db: Db,
  templateTxnId: string,
  clones: readonly LedgerHistoryClone[],
): Promise<number> =>
  db.transaction(async (tx) => {
    await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
    return (await tx.oneFirst(sql.unsafe`
      WITH c AS (
        SELECT * FROM unnest(
          ${sql.array(
            clones.map((c) => c.txnId),
            'text',
          )}, ${sql.array(
            clones.map((c) => c.rrn),
            'text',
          )}, ${sql.array(
            clones.map((c) => c.shiftMs),
            'int8',
          )},
          ${sql.array(
            clones.map((c) => c.debitApprovalNum),
            'text',
          )}, ${sql.array(
            clones.map((c) => c.creditApprovalNum),
            'text',
          )}) AS c (txn_id, rrn, shift_ms, debit_approval, credit_approval)),
      tj AS (SELECT id, leg, rrn, created_at FROM journals WHERE txn_id = ${templateTxnId}),
      j AS (
        INSERT INTO journals (txn_id, leg, rrn, created_at)
        SELECT c.txn_id, tj.leg, CASE WHEN tj.rrn IS NULL THEN NULL ELSE c.rrn END,
          tj.created_at + c.shift_ms * interval '1 millisecond'
        FROM c CROSS JOIN tj
        RETURNING id, txn_id, leg),
      e AS (
        INSERT INTO entries (journal_id, account_id, amount_minor, created_at)
        SELECT j.id, te.account_id, te.amount_minor, te.created_at + c.shift_ms * interval '1 millisecond'
        FROM j JOIN c ON c.txn_id = j.txn_id JOIN tj ON tj.leg = j.leg JOIN entries te ON te.journal_id = tj.id
        RETURNING account_id, amount_minor),
      l AS (
        INSERT INTO legs (txn_id, leg, status, resp_code, account_id, addr, amount_minor, sett_amount_minor,
          approval_num, journal_id, created_at)
        SELECT c.txn_id, tl.leg, tl.status, tl.resp_code, tl.account_id, tl.addr, tl.amount_minor,
          tl.sett_amount_minor,
          CASE tl.leg WHEN 'DEBIT' THEN c.debit_approval WHEN 'CREDIT' THEN c.credit_approval ELSE tl.approval_num END,
          j.id, tl.created_at + c.shift_ms * interval '1 millisecond'
        FROM legs tl CROSS JOIN c LEFT JOIN j ON j.txn_id = c.txn_id AND j.leg = tl.leg
        WHERE tl.txn_id = ${templateTxnId}),
      moved AS (
        UPDATE accounts a SET balance_minor = a.balance_minor + d.delta
        FROM (SELECT account_id, sum(amount_minor) AS delta FROM e GROUP BY account_id) d
        WHERE a.id = d.account_id AND a.kind = 'CUSTOMER')
      -- Postgres runs every data-modifying WITH exactly once, referenced or not.
      SELECT count(*)::int8 FROM j`)) as number;
  });
