-- Issue 7: setting a PIN with the debit card needs a one-time code too. ReqOtp sends a code by SMS to the
-- mobile the bank has on record for the account; the PIN_SET creds carry it back, sealed for the bank.
--
-- otps: at most one live code per account (a new ReqOtp replaces it); only a verifier is kept
-- (scrypt(HMAC(pepper, code)), the PIN hasher's scheme), deleted once used or when its series locks.
CREATE TABLE otps (
  account_id bigint      PRIMARY KEY REFERENCES accounts (id),
  txn_id     text        NOT NULL,   -- the ReqOtp that issued it
  verifier   text        NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at)
);

-- Wrong card details and wrong codes count against their own try counter, locked like PIN tries.
ALTER TABLE accounts
  ADD COLUMN set_cre_failed_tries integer NOT NULL DEFAULT 0 CHECK (set_cre_failed_tries BETWEEN 0 AND 100),
  ADD COLUMN set_cre_locked_until timestamptz;

-- ReqOtp is answered once per txn id like every other request (claim-or-replay in `legs`): a repeat never
-- sends a second SMS. It moves no money, so it has no journal.
ALTER TABLE legs DROP CONSTRAINT legs_leg_check;
ALTER TABLE legs ADD CONSTRAINT legs_leg_check
  CHECK (leg IN ('DEBIT', 'CREDIT', 'DEBIT_REVERSAL', 'CREDIT_REVERSAL', 'SET_CRE', 'OTP'));
ALTER TABLE legs DROP CONSTRAINT legs_done_has_journal;
ALTER TABLE legs ADD CONSTRAINT legs_done_has_journal
  CHECK (status <> 'DONE' OR leg IN ('SET_CRE', 'OTP') OR journal_id IS NOT NULL);
