/**
 * Read-only queries the network invariant check runs on the services' databases: per-payment legs as the
 * banks' ledgers record them and as the switch records them. They read other services' tables on purpose:
 * the check must work while services are down (after a kill -9), so it cannot go through their HTTP APIs.
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type LegAmounts = {
  debitedMinor: number;
  debitReversedMinor: number;
  creditedMinor: number;
  creditReversedMinor: number;
};
export const NO_LEGS: LegAmounts = {
  debitedMinor: 0,
  debitReversedMinor: 0,
  creditedMinor: 0,
  creditReversedMinor: 0,
};

/** Per txn id, what this bank's customer accounts moved in each payment leg (positive amounts). */
export const bankLegsByTxn = async (q: Queryable): Promise<Map<string, LegAmounts>> => {
  const rows = (await q.any(sql.unsafe`
    SELECT j.txn_id, j.leg, abs(sum(e.amount_minor))::int8 AS amount
    FROM journals j JOIN entries e ON e.journal_id = j.id JOIN accounts a ON a.id = e.account_id
    WHERE a.kind = 'CUSTOMER' AND j.leg <> 'OPENING'
    GROUP BY j.txn_id, j.leg`)) as ReadonlyArray<{ txn_id: string; leg: string; amount: number }>;
  const byTxn = new Map<string, LegAmounts>();
  for (const row of rows) {
    const legs = { ...(byTxn.get(row.txn_id) ?? NO_LEGS) };
    if (row.leg === 'DEBIT') legs.debitedMinor += row.amount;
    else if (row.leg === 'DEBIT_REVERSAL') legs.debitReversedMinor += row.amount;
    else if (row.leg === 'CREDIT') legs.creditedMinor += row.amount;
    else if (row.leg === 'CREDIT_REVERSAL') legs.creditReversedMinor += row.amount;
    byTxn.set(row.txn_id, legs);
  }
  return byTxn;
};

export type SwitchPaymentRow = LegAmounts & {
  txnId: string;
  state: string;
  remitterBank: string | null;
  beneficiaryBank: string | null;
  amountMinor: number;
  updatedAt: Date;
};

export const switchPayments = async (q: Queryable): Promise<SwitchPaymentRow[]> =>
  (await q.any(sql.unsafe`
    SELECT txn_id AS "txnId", status AS state, remitter_bank AS "remitterBank", beneficiary_bank AS "beneficiaryBank",
      amount_minor AS "amountMinor", updated_at AS "updatedAt",
      debited_minor AS "debitedMinor", debit_reversed_minor AS "debitReversedMinor",
      credited_minor AS "creditedMinor", credit_reversed_minor AS "creditReversedMinor"
    FROM payments`)) as SwitchPaymentRow[];
