-- One row per (txn id, leg) this bank has answered: the stored original answer that a repeated request
-- gets again (docs/upi.md §1: "answer the original result"), whatever its message id.
--
-- A handler claims its row FIRST (INSERT … 'PENDING' ON CONFLICT DO NOTHING; the column is status since 004): a concurrent duplicate
-- waits on the primary key, then finds the committed answer. The row is finished (DONE / DECLINED) in the
-- same transaction, so PENDING is never visible to another transaction.
--
-- CLOSED: the leg never happened and never will. A DEBIT (CREDIT) reversal that found no debit (credit)
-- answers ND (NC) and closes the original leg, so a late-arriving original is refused and moves nothing.
CREATE TABLE legs (
  txn_id            text        NOT NULL CHECK (char_length(txn_id) BETWEEN 1 AND 64),
  leg               text        NOT NULL
                                CHECK (leg IN ('DEBIT', 'CREDIT', 'DEBIT_REVERSAL', 'CREDIT_REVERSAL', 'SET_CRE')),
  state             text        NOT NULL CHECK (state IN ('PENDING', 'DONE', 'DECLINED', 'CLOSED')),
  resp_code         text        CHECK (resp_code ~ '^[A-Z0-9]{2,3}$'),
  account_id        bigint      REFERENCES accounts (id),
  addr              text,
  amount_minor      bigint      CHECK (amount_minor > 0),
  sett_amount_minor bigint      NOT NULL DEFAULT 0 CHECK (sett_amount_minor >= 0),
  approval_num      text,
  journal_id        bigint      REFERENCES journals (id),
  created_at        timestamptz NOT NULL,
  PRIMARY KEY (txn_id, leg),
  CONSTRAINT legs_answered CHECK (state = 'PENDING' OR resp_code IS NOT NULL),
  CONSTRAINT legs_done_has_journal CHECK (state <> 'DONE' OR leg = 'SET_CRE' OR journal_id IS NOT NULL)
);
-- The daily limit sums today's successful debits of one account.
CREATE INDEX legs_debits_by_account_idx ON legs (account_id, created_at) WHERE leg = 'DEBIT' AND state = 'DONE';
