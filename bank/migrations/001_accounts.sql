-- Accounts: customer accounts plus the two internal accounts every bank keeps.
--   UPI_SETTLEMENT: the bank's position with the switch (debits push it up, credits down; may go negative).
--   OPENING: the counterpart of seeded balances (goes negative by the money seeded).
-- The balance on the row is a cache of SUM(entries.amount_minor) for the account, updated in the same
-- transaction as the entries with one conditional statement (docs/guarantees.md §8); checkLedger() verifies
-- it.
CREATE TABLE accounts (
  id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                text        NOT NULL CHECK (kind IN ('CUSTOMER', 'UPI_SETTLEMENT', 'OPENING')),
  ac_num              text        UNIQUE CHECK (ac_num ~ '^[0-9]{9,18}$'),
  ifsc                text        CHECK (ifsc ~ '^[A-Z]{4}0[A-Z0-9]{6}$'),
  holder_name         text        CHECK (char_length(holder_name) BETWEEN 1 AND 99),
  mobile              text        CHECK (mobile ~ '^[6-9][0-9]{9}$'),
  ac_type             text        NOT NULL CHECK (ac_type IN ('SAVINGS', 'CURRENT', 'INTERNAL')),
  status              text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'FROZEN', 'DORMANT')),
  balance_minor       bigint      NOT NULL DEFAULT 0,
  per_txn_limit_minor bigint      NOT NULL DEFAULT 10000000 CHECK (per_txn_limit_minor > 0), -- ₹1,00,000
  daily_limit_minor   bigint      NOT NULL DEFAULT 10000000 CHECK (daily_limit_minor > 0),   -- ₹1,00,000
  card_last6          text        CHECK (card_last6 ~ '^[0-9]{6}$'),
  card_expiry         text        CHECK (card_expiry ~ '^(0[1-9]|1[0-2])[0-9]{2}$'),          -- MMYY
  -- PIN: only a salted, peppered scrypt verifier (never the PIN), plus the attempt counter (docs/upi.md §10).
  pin_verifier        text,
  pin_failed_tries    integer     NOT NULL DEFAULT 0 CHECK (pin_failed_tries BETWEEN 0 AND 100),
  pin_locked_until    timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_customer_balance_non_negative CHECK (kind <> 'CUSTOMER' OR balance_minor >= 0),
  CONSTRAINT accounts_customer_identity CHECK (
    kind <> 'CUSTOMER'
    OR (ac_num IS NOT NULL AND ifsc IS NOT NULL AND holder_name IS NOT NULL AND mobile IS NOT NULL)),
  CONSTRAINT accounts_internal_type CHECK ((kind = 'CUSTOMER') = (ac_type <> 'INTERNAL'))
);
CREATE UNIQUE INDEX accounts_internal_kind_idx ON accounts (kind) WHERE kind <> 'CUSTOMER';
CREATE INDEX accounts_mobile_idx ON accounts (mobile) WHERE kind = 'CUSTOMER';

INSERT INTO accounts (kind, ac_type) VALUES ('UPI_SETTLEMENT', 'INTERNAL'), ('OPENING', 'INTERNAL');
