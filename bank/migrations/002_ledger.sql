-- The double-entry ledger: append-only journals, each with entries summing to zero.
-- UNIQUE (txn_id, leg) is the permanent money idempotency key (docs/guarantees.md §8): a txn is
-- debited at most once, credited at most once, and each of those reversed at most once.
CREATE TABLE journals (
  id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txn_id              text        NOT NULL CHECK (char_length(txn_id) BETWEEN 1 AND 64),
  leg                 text        NOT NULL
                                  CHECK (leg IN ('DEBIT', 'CREDIT', 'DEBIT_REVERSAL', 'CREDIT_REVERSAL', 'OPENING')),
  rrn                 text,
  reverses_journal_id bigint      UNIQUE REFERENCES journals (id),
  created_at          timestamptz NOT NULL,
  UNIQUE (txn_id, leg),
  CONSTRAINT journals_reversal_link CHECK ((leg LIKE '%_REVERSAL') = (reverses_journal_id IS NOT NULL))
);

CREATE TABLE entries (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journal_id   bigint      NOT NULL REFERENCES journals (id),
  account_id   bigint      NOT NULL REFERENCES accounts (id),
  amount_minor bigint      NOT NULL CHECK (amount_minor <> 0), -- signed: + increases the account's balance
  created_at   timestamptz NOT NULL
);
CREATE INDEX entries_journal_idx ON entries (journal_id);
CREATE INDEX entries_account_idx ON entries (account_id, id);

-- Append-only: history is corrected by new journals (reversals), never by editing old ones.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER journals_append_only BEFORE UPDATE OR DELETE ON journals
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journals_no_truncate BEFORE TRUNCATE ON journals
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Every journal sums to zero, checked at COMMIT (deferred: a journal's entries go in one by one).
CREATE FUNCTION ledger_check_journal_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
BEGIN
  SELECT sum(amount_minor) INTO total FROM entries WHERE journal_id = NEW.journal_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'journal % does not balance (sum %)', NEW.journal_id, total USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER entries_journal_balanced AFTER INSERT ON entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balanced();
