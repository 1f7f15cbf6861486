/**
 * The bank's ledger invariants, recomputed from the entries (the network invariant command runs this on
 * every bank, through GET /v1/ledger/check or directly on the database):
 *   1. every journal has at least two entries and sums to zero;
 *   2. every customer account's cached balance equals the sum of its entries (internal accounts —
 *      UPI_SETTLEMENT, OPENING — keep no cached balance: theirs is the sum of their entries);
 *   3. no customer balance is negative.
 * Together they imply that all balances sum to zero: money is neither created nor destroyed.
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type LedgerBreach =
  | {
      kind: 'JOURNAL_UNBALANCED';
      journalId: number;
      txnId: string;
      leg: string;
      sumMinor: number;
      entries: number;
    }
  | {
      kind: 'BALANCE_MISMATCH';
      accountId: number;
      accountKind: string;
      acNum: string | null;
      balanceMinor: number;
      entriesMinor: number;
    }
  | { kind: 'NEGATIVE_BALANCE'; accountId: number; acNum: string | null; balanceMinor: number };

export type LedgerTotals = {
  accounts: number;
  journals: number;
  entries: number;
  customerBalanceMinor: number;
  /** The bank's position with the switch: + the switch owes the bank (net debits), − the bank owes. */
  settlementBalanceMinor: number;
  openingBalanceMinor: number;
};

export type LedgerCheck = { ok: boolean; breaches: LedgerBreach[]; totals: LedgerTotals };

const BREACHES_MAX = 100;

/** Scans the whole ledger (seconds for millions of entries; meant for checks, not for the payment path). */
export const checkLedger = async (q: Queryable): Promise<LedgerCheck> => {
  const unbalanced = (await q.any(sql.unsafe`
    SELECT j.id, j.txn_id, j.leg, COALESCE(sum(e.amount_minor), 0)::int8 AS sum_minor, count(e.id)::int8 AS entries
    FROM journals j LEFT JOIN entries e ON e.journal_id = j.id
    GROUP BY j.id
    HAVING COALESCE(sum(e.amount_minor), 0) <> 0 OR count(e.id) < 2
    ORDER BY j.id LIMIT ${BREACHES_MAX}`)) as ReadonlyArray<{
    id: number;
    txn_id: string;
    leg: string;
    sum_minor: number;
    entries: number;
  }>;
  const mismatched = (await q.any(sql.unsafe`
    SELECT a.id, a.kind, a.ac_num, a.balance_minor, COALESCE(s.total, 0)::int8 AS entries_minor
    FROM accounts a
    LEFT JOIN (SELECT account_id, sum(amount_minor) AS total FROM entries GROUP BY account_id) s ON s.account_id = a.id
    WHERE a.kind = 'CUSTOMER' AND a.balance_minor <> COALESCE(s.total, 0)
    ORDER BY a.id LIMIT ${BREACHES_MAX}`)) as ReadonlyArray<{
    id: number;
    kind: string;
    ac_num: string | null;
    balance_minor: number;
    entries_minor: number;
  }>;
  const negative = (await q.any(sql.unsafe`
    SELECT id, ac_num, balance_minor FROM accounts WHERE kind = 'CUSTOMER' AND balance_minor < 0
    ORDER BY id LIMIT ${BREACHES_MAX}`)) as ReadonlyArray<{
    id: number;
    ac_num: string | null;
    balance_minor: number;
  }>;
  const totals = (await q.one(sql.unsafe`
    SELECT
      (SELECT count(*) FROM accounts)::int8 AS accounts,
      (SELECT count(*) FROM journals)::int8 AS journals,
      (SELECT count(*) FROM entries)::int8 AS entries,
      (SELECT COALESCE(sum(balance_minor), 0) FROM accounts WHERE kind = 'CUSTOMER')::int8 AS customer,
      (SELECT COALESCE(sum(e.amount_minor), 0) FROM entries e JOIN accounts a ON a.id = e.account_id
        WHERE a.kind = 'UPI_SETTLEMENT')::int8 AS settlement,
      (SELECT COALESCE(sum(e.amount_minor), 0) FROM entries e JOIN accounts a ON a.id = e.account_id
        WHERE a.kind = 'OPENING')::int8 AS opening`)) as {
    accounts: number;
    journals: number;
    entries: number;
    customer: number;
    settlement: number;
    opening: number;
  };
  const breaches: LedgerBreach[] = [
    ...unbalanced.map((r) => ({
      kind: 'JOURNAL_UNBALANCED' as const,
      journalId: r.id,
      txnId: r.txn_id,
      leg: r.leg,
      sumMinor: r.sum_minor,
      entries: r.entries,
    })),
    ...mismatched.map((r) => ({
      kind: 'BALANCE_MISMATCH' as const,
      accountId: r.id,
      accountKind: r.kind,
      acNum: r.ac_num,
      balanceMinor: r.balance_minor,
      entriesMinor: r.entries_minor,
    })),
    ...negative.map((r) => ({
      kind: 'NEGATIVE_BALANCE' as const,
      accountId: r.id,
      acNum: r.ac_num,
      balanceMinor: r.balance_minor,
    })),
  ];
  return {
    ok: breaches.length === 0,
    breaches,
    totals: {
      accounts: totals.accounts,
      journals: totals.journals,
      entries: totals.entries,
      customerBalanceMinor: totals.customer,
      settlementBalanceMinor: totals.settlement,
      openingBalanceMinor: totals.opening,
    },
  };
};
