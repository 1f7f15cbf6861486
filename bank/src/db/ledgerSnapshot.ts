/**
 * What this bank's ledger says about payments, for the network's money invariant (the tools' check): the
 * ledger check and, per txn id, what the customer accounts moved in each leg — both read in one
 * REPEATABLE READ snapshot. Read straight from the database on purpose: the check must work while the bank
 * is down (after a kill -9), so it cannot go through the HTTP API.
 */
import { sql } from 'slonik';
import type { Db, Queryable } from '@switchyard/infra';
import { checkLedger, type LedgerCheck } from './checkLedger.ts';

/** What customer accounts moved in one payment's legs (positive amounts). */
export type TxnLegAmounts = {
  debitedMinor: number;
  debitReversedMinor: number;
  creditedMinor: number;
  creditReversedMinor: number;
};

const NO_LEG_AMOUNTS: TxnLegAmounts = {
  debitedMinor: 0,
  debitReversedMinor: 0,
  creditedMinor: 0,
  creditReversedMinor: 0,
};

/** Per txn id, what this bank's customer accounts moved in each payment leg (opening journals left out). */
export const legAmountsByTxn = async (q: Queryable): Promise<Map<string, TxnLegAmounts>> => {
  const rows = (await q.any(sql.unsafe`
    SELECT j.txn_id, j.leg, abs(sum(e.amount_minor))::int8 AS amount
    FROM journals j JOIN entries e ON e.journal_id = j.id JOIN accounts a ON a.id = e.account_id
    WHERE a.kind = 'CUSTOMER' AND j.leg <> 'OPENING'
    GROUP BY j.txn_id, j.leg`)) as ReadonlyArray<{ txn_id: string; leg: string; amount: number }>;
  const byTxn = new Map<string, TxnLegAmounts>();
  for (const row of rows) {
    const legs = { ...(byTxn.get(row.txn_id) ?? NO_LEG_AMOUNTS) };
    if (row.leg === 'DEBIT') legs.debitedMinor += row.amount;
    else if (row.leg === 'DEBIT_REVERSAL') legs.debitReversedMinor += row.amount;
    else if (row.leg === 'CREDIT') legs.creditedMinor += row.amount;
    else if (row.leg === 'CREDIT_REVERSAL') legs.creditReversedMinor += row.amount;
    byTxn.set(row.txn_id, legs);
  }
  return byTxn;
};

export type LedgerSnapshot = { check: LedgerCheck; legs: Map<string, TxnLegAmounts> };

/** checkLedger and legAmountsByTxn in one read-only REPEATABLE READ transaction: they agree with each other. */
export const ledgerSnapshot = async (pool: Db['pool']): Promise<LedgerSnapshot> =>
  pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    return { check: await checkLedger(tx), legs: await legAmountsByTxn(tx) };
  });
