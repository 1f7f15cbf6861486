/**
 * What the switch believes each bank moved (successful legs only), for the money invariant: the lead's
 * check compares these with the banks' ledgers. `netMinor` is the net change of the bank's customer
 * balances: credits − credit reversals − (debits − debit reversals). Payments whose money the switch cannot
 * know (DEEMED, REVERSAL_UNKNOWN, STUCK) are listed as `uncertain`, those still in flight as `nonTerminal`.
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import { PENDING_STATUSES } from '../domain/payment.ts';

export type BankLegTotals = {
  bank: string;
  debitedMinor: number;
  debitReversedMinor: number;
  creditedMinor: number;
  creditReversedMinor: number;
  netMinor: number;
};

export type PaymentSummary = {
  txnId: string;
  status: string;
  amountMinor: number;
  remitterBank: string | null;
  beneficiaryBank: string | null;
  updatedAt: Date;
};

export type PaymentLegTotals = {
  banks: BankLegTotals[];
  nonTerminalCount: number;
  nonTerminal: PaymentSummary[];
  uncertainCount: number;
  uncertain: PaymentSummary[];
};

export const UNCERTAIN_STATUSES = ['DEEMED', 'REVERSAL_UNKNOWN', 'STUCK'] as const;
const LIST_MAX_DEFAULT = 1_000;

const summaries = async (q: Queryable, statuses: readonly string[], listMax: number) => {
  const count = await q.oneFirst(
    sql.unsafe`SELECT count(*)::int8 FROM payments WHERE status = ANY(${sql.array(statuses, 'text')})`,
  );
  const rows = await q.any(sql.unsafe`
    SELECT txn_id AS "txnId", status, amount_minor AS "amountMinor", remitter_bank AS "remitterBank",
      beneficiary_bank AS "beneficiaryBank", updated_at AS "updatedAt"
    FROM payments WHERE status = ANY(${sql.array(statuses, 'text')}) ORDER BY updated_at LIMIT ${listMax}`);
  return { count: count as number, list: rows as PaymentSummary[] };
};

/** Totals per bank participant plus the payments whose money is not (yet) known. Lists hold at most `listMax`. */
export const paymentLegTotals = async (
  q: Queryable,
  options: { listMax?: number } = {},
): Promise<PaymentLegTotals> => {
  const listMax = options.listMax ?? LIST_MAX_DEFAULT;
  const rows = await q.any(sql.unsafe`
    SELECT bank, sum(debited)::int8 AS debited, sum(debit_reversed)::int8 AS debit_reversed,
      sum(credited)::int8 AS credited, sum(credit_reversed)::int8 AS credit_reversed
    FROM (
      SELECT remitter_bank AS bank, debited_minor AS debited, debit_reversed_minor AS debit_reversed, 0 AS credited, 0 AS credit_reversed
      FROM payments WHERE remitter_bank IS NOT NULL
      UNION ALL
      SELECT beneficiary_bank, 0, 0, credited_minor, credit_reversed_minor FROM payments WHERE beneficiary_bank IS NOT NULL
    ) legs GROUP BY bank ORDER BY bank`);
  const banks = (
    rows as Array<{
      bank: string;
      debited: number;
      debit_reversed: number;
      credited: number;
      credit_reversed: number;
    }>
  ).map((row) => ({
    bank: row.bank,
    debitedMinor: row.debited,
    debitReversedMinor: row.debit_reversed,
    creditedMinor: row.credited,
    creditReversedMinor: row.credit_reversed,
    netMinor: row.credited - row.credit_reversed - (row.debited - row.debit_reversed),
  }));
  const nonTerminal = await summaries(q, PENDING_STATUSES, listMax);
  const uncertain = await summaries(q, UNCERTAIN_STATUSES, listMax);
  return {
    banks,
    nonTerminalCount: nonTerminal.count,
    nonTerminal: nonTerminal.list,
    uncertainCount: uncertain.count,
    uncertain: uncertain.list,
  };
};
