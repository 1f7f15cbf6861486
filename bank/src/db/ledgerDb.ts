/**
 * SQL for the double-entry ledger: one journal per (txn id, leg), entries summing to zero, and the cached
 * balances updated in the same transaction.
 */
import assert from 'node:assert/strict';
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import { BankError } from '../errors.ts';
import type { InternalAccountKind } from './accountsDb.ts';

type JournalLeg = 'DEBIT' | 'CREDIT' | 'DEBIT_REVERSAL' | 'CREDIT_REVERSAL' | 'OPENING';
/** One side of a journal: + raises the account's balance, − lowers it. An internal account is named by kind. */
type Movement =
  { accountId: number; amountMinor: number } | { internal: InternalAccountKind; amountMinor: number };

export type NewJournal = {
  txnId: string;
  leg: JournalLeg;
  rrn: string | null;
  reversesJournalId?: number;
  now: Date;
  movements: Movement[];
};

/**
 * Posts a journal in one statement (one round trip): the journal row (ON CONFLICT (txn_id, leg): a journal
 * already posted posts nothing and returns undefined), its entries, and the cached balance of every customer
 * account in it. Internal accounts (UPI_SETTLEMENT, OPENING) are named by kind and resolved in the statement;
 * they keep no cached balance: every debit and credit of the bank posts to UPI_SETTLEMENT, and updating one
 * row per payment made all of a bank's payments queue on its row lock until commit (measured: 450 ms per
 * debit at 32 payments/s). Their balance is SUM(entries).
 *
 * A customer balance never goes below zero, whatever runs concurrently: the UPDATE's WHERE is re-evaluated on
 * the newest row version (docs/guarantees.md §8). The entries of a journal sum to zero (asserted here, and by
 * the deferred trigger at commit).
 * @throws BankError BANK_ERR_LEDGER when a customer balance move is refused (it would go negative, or the
 *   account does not exist); the caller's transaction rolls back, journal and entries included
 */
export const postJournal = async (q: Queryable, journal: NewJournal): Promise<number | undefined> => {
  const total = journal.movements.reduce((sum, m) => sum + m.amountMinor, 0);
  assert(
    journal.movements.length >= 2 && total === 0,
    'a journal has at least two movements summing to zero',
  );
  assert(
    journal.movements.every((m) => Number.isSafeInteger(m.amountMinor) && m.amountMinor !== 0),
    'integer paise, non-zero',
  );
  const ids = journal.movements.map((m) => ('accountId' in m ? m.accountId : null));
  const kinds = journal.movements.map((m) => ('internal' in m ? m.internal : null));
  const amounts = journal.movements.map((m) => m.amountMinor);
  const row = (await q.one(sql.unsafe`
    WITH j AS (
      INSERT INTO journals (txn_id, leg, rrn, reverses_journal_id, created_at)
      VALUES (${journal.txnId}, ${journal.leg}, ${journal.rrn}, ${journal.reversesJournalId ?? null}, ${sql.timestamp(journal.now)})
      ON CONFLICT (txn_id, leg) DO NOTHING
      RETURNING id),
    m AS (
      SELECT coalesce(u.account_id, (SELECT a.id FROM accounts a WHERE a.kind = u.kind)) AS account_id, u.amount_minor
      FROM unnest(${sql.array(ids, 'int8')}, ${sql.array(kinds, 'text')}, ${sql.array(amounts, 'int8')})
        AS u (account_id, kind, amount_minor)),
    moved AS (
      UPDATE accounts a SET balance_minor = a.balance_minor + m.amount_minor
      FROM m, j
      WHERE a.id = m.account_id AND a.kind = 'CUSTOMER' AND a.balance_minor + m.amount_minor >= 0
      RETURNING a.id),
    posted AS (
      INSERT INTO entries (journal_id, account_id, amount_minor, created_at)
      SELECT j.id, m.account_id, m.amount_minor, ${sql.timestamp(journal.now)} FROM j, m
      RETURNING account_id)
    SELECT (SELECT id FROM j) AS journal_id,
           (SELECT count(*) FROM moved)::int8 AS moved,
           (SELECT count(*) FROM posted)::int8 AS posted`)) as {
    journal_id: number | null;
    moved: number;
    posted: number;
  };
  if (row.journal_id === null) return undefined;
  const customerMoves = journal.movements.filter((m) => 'accountId' in m).length;
  if (row.moved !== customerMoves || row.posted !== journal.movements.length) {
    throw new BankError(
      'BANK_ERR_LEDGER',
      `balance move refused for ${journal.leg} ${journal.txnId}: ${row.moved} of ${customerMoves} customer accounts moved`,
    );
  }
  return row.journal_id;
};

export type EntryView = {
  journalId: number;
  txnId: string;
  leg: JournalLeg;
  amountMinor: number;
  createdAt: Date;
};

/** The latest entries of one account, newest first. */
export const recentEntries = async (q: Queryable, accountId: number, limit: number): Promise<EntryView[]> => {
  const rows = (await q.any(sql.unsafe`
    SELECT e.journal_id, j.txn_id, j.leg, e.amount_minor, e.created_at
    FROM entries e JOIN journals j ON j.id = e.journal_id
    WHERE e.account_id = ${accountId}
    ORDER BY e.id DESC LIMIT ${limit}`)) as ReadonlyArray<{
    journal_id: number;
    txn_id: string;
    leg: JournalLeg;
    amount_minor: number;
    created_at: Date;
  }>;
  return rows.map((r) => ({
    journalId: r.journal_id,
    txnId: r.txn_id,
    leg: r.leg,
    amountMinor: r.amount_minor,
    createdAt: r.created_at,
  }));
};
